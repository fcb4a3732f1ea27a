import { XpostError } from '../../errors/xpost-error.js';
import { fitHashnodeTags, hashnodeSlug, type HashnodeTag } from '../tags.js';
import type { PlatformSettings, PreparedRequest, RenderedPost } from '../types.js';
import { HASHNODE_DOCUMENTS } from './graphql.js';

export const HASHNODE_PUBLICATION_ID = 'HASHNODE_PUBLICATION_ID';
/** Stands in for the publication id in dry-run output when HASHNODE_PUBLICATION_ID is not set. */
export const HASHNODE_PUBLICATION_PLACEHOLDER = `<${HASHNODE_PUBLICATION_ID}>`;
/** Apollo behind express.json(): "100 KB" is 102,400 bytes for the whole JSON request, not just the Markdown. */
const HASHNODE_MAX_REQUEST_BYTES = 100 * 1024;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The content fields shared by posts and drafts; the publication id is an account value kept apart. */
export interface HashnodePostFields {
  title: string;
  subtitle?: string;
  contentMarkdown: string;
  slug?: string;
  tags: HashnodeTag[];
  originalArticleURL?: string;
  coverImage?: string;
  seriesId?: string;
}

export type PublishPostInput = { publicationId: string } & HashnodePostFields;
export type UpdatePostInput = { id: string } & HashnodePostFields;

/** Drafts use the nested input shape: the cover lives in coverImageOptions, the slug flag in settings. */
type DraftFields = Omit<HashnodePostFields, 'coverImage'> & {
  coverImageOptions?: { coverImageURL: string };
  settings?: { slugOverridden: boolean };
};

export type CreateDraftInput = { publicationId: string } & DraftFields;
export type UpdateDraftInput = { draftId: string } & DraftFields;

/** The GraphQL variables sent: a post's input, or a draft's for `published: false`. */
export interface HashnodePayload {
  input: PublishPostInput | CreateDraftInput;
}

/** What the content hash covers, and what updates are built from: the fields and whether the post is published. */
export type HashnodeFingerprint = { published: boolean } & HashnodePostFields;

export type HashnodePrepared = PreparedRequest<HashnodePayload, HashnodeFingerprint>;

export function prepareHashnodeRequest(post: RenderedPost, settings: PlatformSettings): HashnodePrepared {
  const publicationId = configuredPublicationId(settings) ?? HASHNODE_PUBLICATION_PLACEHOLDER;
  const { tags, notes } = fitHashnodeTags(post.tags);
  const fields = postFields(post, tags, notes);
  const payload: HashnodePayload = { input: post.published ? { publicationId, ...fields } : { publicationId, ...draftFieldsFrom(fields) } };
  assertRequestFits(post.published ? HASHNODE_DOCUMENTS.publishPost : HASHNODE_DOCUMENTS.createDraft, payload, fields.contentMarkdown);
  return {
    payload,
    fingerprint: { published: post.published, ...fields },
    notes,
    endpoint: post.published
      ? 'POST / (GraphQL publishPost; updatePost to update)'
      : 'POST / (GraphQL createDraft; updateDraft to update, publishDraft once published)',
  };
}

function postFields(post: RenderedPost, tags: HashnodeTag[], notes: string[]): HashnodePostFields {
  const slug = slugFor(post, notes);
  const seriesId = seriesIdFor(post, notes);
  const coverImage = coverImageFor(post);
  return {
    title: post.title,
    ...(post.description ? { subtitle: post.description } : {}),
    contentMarkdown: post.body,
    ...(slug ? { slug } : {}),
    tags,
    ...(post.canonicalUrl ? { originalArticleURL: post.canonicalUrl } : {}),
    ...(coverImage ? { coverImage } : {}),
    ...(seriesId ? { seriesId } : {}),
  };
}

/** A slug xpost chooses (rather than Hashnode) is what lets `find` recognise the post later. */
export function slugFor(post: RenderedPost, notes: string[]): string | undefined {
  const source = post.slug ?? post.title;
  const slug = hashnodeSlug(source);
  if (slug.length === 0) {
    notes.push(`no slug sent: "${source}" has no ASCII letters or digits, so Hashnode picks one; set an ASCII \`slug:\` so xpost can find the post again`);
    return undefined;
  }
  if (post.slug !== undefined && slug !== post.slug) notes.push(`slug "${post.slug}" sent as "${slug}"`);
  return slug;
}

/** Hashnode takes a series id, not a name; a name is reported rather than guessed into an id. */
function seriesIdFor(post: RenderedPost, notes: string[]): string | undefined {
  if (!post.series) return undefined;
  if (OBJECT_ID.test(post.series)) return post.series;
  notes.push(`series "${post.series}" not sent: Hashnode needs the series id; set \`hashnode: { series: <24-character series id> }\``);
  return undefined;
}

function coverImageFor(post: RenderedPost): string | undefined {
  if (!post.coverImage) return undefined;
  if (!/^https?:\/\//i.test(post.coverImage)) {
    throw new XpostError('PAYLOAD_INVALID', `cover_image "${post.coverImage}" is not an absolute URL; Hashnode needs one for coverImage`, {
      hint: 'Use a full https:// address of the image, e.g. on your own blog or https://cdn.hashnode.com/.',
    });
  }
  return post.coverImage;
}

export function draftFieldsFrom(fields: HashnodePostFields): DraftFields {
  const { coverImage, ...rest } = fields;
  return {
    ...rest,
    ...(coverImage ? { coverImageOptions: { coverImageURL: coverImage } } : {}),
    // Keeps the slug xpost chose when the draft is published, instead of one regenerated from the title.
    ...(rest.slug ? { settings: { slugOverridden: true } } : {}),
  };
}

/** The fingerprint without its `published` flag: exactly the fields an update sends. */
export function postFieldsOf(prepared: HashnodePrepared): HashnodePostFields {
  const { published: _published, ...fields } = prepared.fingerprint;
  return fields;
}

function assertRequestFits(document: string, variables: unknown, markdown: string): void {
  const requestBytes = Buffer.byteLength(JSON.stringify({ query: document, variables }), 'utf8');
  if (requestBytes <= HASHNODE_MAX_REQUEST_BYTES) return;
  const markdownBytes = Buffer.byteLength(markdown, 'utf8');
  throw new XpostError(
    'PAYLOAD_INVALID',
    `the Hashnode request would be ${requestBytes} bytes (the Markdown alone is ${markdownBytes}); Hashnode accepts at most ${HASHNODE_MAX_REQUEST_BYTES} bytes (100 KB)`,
    { hint: 'Shorten the post or split it into a series; link images instead of embedding them as data: URLs.' },
  );
}

function configuredPublicationId(settings: PlatformSettings): string | undefined {
  const value = settings['publicationId'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const publicationId = value.trim();
  if (!OBJECT_ID.test(publicationId)) {
    throw new XpostError('CONFIG_INVALID', `${HASHNODE_PUBLICATION_ID} must be the publication's 24-character id, not "${publicationId}"`, {
      hint: 'Ask the API for it: query { me { publications(first: 20) { edges { node { id url } } } } } (the blog address is not the id).',
    });
  }
  return publicationId;
}

export function requirePublicationId(settings: PlatformSettings): string {
  const publicationId = configuredPublicationId(settings);
  if (publicationId) return publicationId;
  throw missingPublicationId();
}

/** The dry-run placeholder must never reach Hashnode. */
export function assertRealPublicationId(publicationId: string): void {
  if (publicationId === HASHNODE_PUBLICATION_PLACEHOLDER) throw missingPublicationId();
}

function missingPublicationId(): XpostError {
  return new XpostError('MISSING_CREDENTIAL', `${HASHNODE_PUBLICATION_ID} is not set (needed to publish to Hashnode)`, {
    hint: 'Set it to the id of your Hashnode publication. Use --dry-run to preview without it.',
  });
}
