import { XpostError } from '../../errors/xpost-error.js';
import { canonicalKey } from '../../core/identity-key.js';
import type { RemoteRecord, RenderedPost, PlatformSession } from '../types.js';
import { sendGraphql, type HashnodeOperation } from './graphql.js';
import { HASHNODE_PUBLICATION_ID, slugFor } from './inputs.js';

export const HASHNODE_MANAGE_URL = 'https://hashnode.com/dashboard';

export interface HashnodePostNode {
  id?: unknown;
  slug?: string | null;
  url?: string | null;
  canonicalUrl?: string | null;
}

interface HashnodeConnection {
  edges?: { node: HashnodePostNode }[];
  pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
}

type PublicationData<Fields> = { publication?: Fields | null };

/** What a copy must share with the post to be recognised as ours. */
interface PostIdentity {
  slug: string | undefined;
  canonicalUrl: string | undefined;
}

export function identityOf(post: RenderedPost): PostIdentity {
  return { slug: slugFor(post, []), canonicalUrl: post.canonicalUrl };
}

/** With a canonical URL, it decides (a slug can be reused by another post); without one, the slug does. */
function isSameCopy(candidate: HashnodePostNode, wanted: PostIdentity): boolean {
  if (wanted.canonicalUrl) {
    const candidateUrl = candidate.canonicalUrl;
    return candidateUrl ? canonicalKey(candidateUrl) === canonicalKey(wanted.canonicalUrl) : false;
  }
  return wanted.slug !== undefined && candidate.slug === wanted.slug;
}

export async function findPublishedPost(session: PlatformSession, publicationId: string, wanted: PostIdentity): Promise<RemoteRecord | undefined> {
  if (wanted.slug) {
    const bySlug = await postBySlug(session, publicationId, wanted.slug);
    if (bySlug && isSameCopy(bySlug, wanted)) return postRecord(bySlug);
  }
  // Hashnode cannot filter by canonical URL, so the publication's posts are paged through.
  if (!wanted.canonicalUrl) return undefined;
  const match = await findInPublication(session, publicationId, 'posts', wanted);
  return match ? postRecord(match) : undefined;
}

export async function findDraft(session: PlatformSession, publicationId: string, wanted: PostIdentity): Promise<RemoteRecord | undefined> {
  const match = await findInPublication(session, publicationId, 'drafts', wanted);
  return match ? draftRecord(match) : undefined;
}

async function postBySlug(session: PlatformSession, publicationId: string, slug: string): Promise<HashnodePostNode | undefined> {
  const lookUp = async (candidateSlug: string) => {
    const data = await sendGraphql<PublicationData<{ post?: HashnodePostNode | null; redirectedPost?: { slug?: string } | null }>>(
      session,
      'postBySlug',
      { publicationId, slug: candidateSlug },
      { notFoundMeansAbsent: true },
    );
    return publicationOf(data, publicationId);
  };
  const found = await lookUp(slug);
  if (found.post) return found.post;
  // A slug renamed on Hashnode answers through redirectedPost with the new slug.
  const renamedTo = found.redirectedPost?.slug;
  if (!renamedTo || renamedTo === slug) return undefined;
  return (await lookUp(renamedTo)).post ?? undefined;
}

const LISTING_OPERATIONS: Record<'posts' | 'drafts', HashnodeOperation> = { posts: 'publicationPosts', drafts: 'publicationDrafts' };

/** Pages through the publication's posts or drafts until one is the same copy. */
async function findInPublication(session: PlatformSession, publicationId: string, listing: 'posts' | 'drafts', wanted: PostIdentity): Promise<HashnodePostNode | undefined> {
  let after: string | undefined;
  for (;;) {
    const data = await sendGraphql<PublicationData<Partial<Record<'posts' | 'drafts', HashnodeConnection>>>>(session, LISTING_OPERATIONS[listing], {
      publicationId,
      after: after ?? null,
    });
    const page = publicationOf(data, publicationId)[listing];
    const match = (page?.edges ?? []).map((edge) => edge.node).find((node) => isSameCopy(node, wanted));
    if (match) return match;
    const next = page?.pageInfo?.endCursor ?? undefined;
    // A repeated cursor would loop forever; treat it as the last page.
    if (!page?.pageInfo?.hasNextPage || !next || next === after) return undefined;
    after = next;
  }
}

function publicationOf<Fields>(data: PublicationData<Fields>, publicationId: string): Fields {
  if (data.publication) return data.publication;
  throw new XpostError('NOT_FOUND', `Hashnode has no publication with id ${publicationId}`, {
    hint: `Check ${HASHNODE_PUBLICATION_ID}: query { me { publications(first: 20) { edges { node { id url } } } } } lists yours.`,
  });
}

export function postRecord(node: HashnodePostNode | null | undefined, fallbackUrl?: string): RemoteRecord {
  return { id: idOf(node, 'post'), url: node?.url ?? fallbackUrl, meta: { kind: 'post' } };
}

/** Drafts have no public address, and the API gives none for the editor. */
export function draftRecord(node: HashnodePostNode | null | undefined): RemoteRecord {
  return { id: idOf(node, 'draft'), url: undefined, meta: { kind: 'draft' } };
}

function idOf(node: HashnodePostNode | null | undefined, kind: 'post' | 'draft'): string {
  if (typeof node?.id === 'string' && node.id !== '') return node.id;
  throw new XpostError('SERVER_ERROR', `Hashnode answered without a ${kind} id`, {
    hint: `Run again; if it repeats, check your Hashnode dashboard (${HASHNODE_MANAGE_URL}).`,
  });
}
