import { z } from '../../config/zod.js';
import { XpostError, isXpostError } from '../../errors/xpost-error.js';
import type { ArticleAdapter, PlatformSession, RemoteRecord, RenderedPost } from '../types.js';
import { explainHashnodeFailure, readHashnodeErrorText, sendGraphql } from './graphql.js';
import {
  HASHNODE_PUBLICATION_ID,
  assertRealPublicationId,
  draftFieldsFrom,
  postFieldsOf,
  prepareHashnodeRequest,
  requirePublicationId,
  type HashnodeFingerprint,
  type HashnodePayload,
  type HashnodePrepared,
  type UpdateDraftInput,
  type UpdatePostInput,
} from './inputs.js';
import { HASHNODE_MANAGE_URL, draftRecord, findDraft, findPublishedPost, identityOf, postRecord, type HashnodePostNode } from './lookup.js';

const HASHNODE_TOKEN = 'HASHNODE_TOKEN';

/** Hashnode (GraphQL gql-beta): publishPost / updatePost, or createDraft / updateDraft / publishDraft for drafts. */
export const hashnodeAdapter: ArticleAdapter<HashnodePayload, HashnodeFingerprint, 'hashnode'> = {
  id: 'hashnode',
  name: 'Hashnode',
  template: 'hashnode.md.hbs',
  body: { format: 'markdown', style: { embed: (embed) => (embed.provider === 'link' ? embed.url : `%[${embed.url}]`), tables: 'keep' } },
  shape: 'article',
  initSchedule: '14d',
  defaultOrigin: 'https://gql-beta.hashnode.com',
  credentials: [
    { env: HASHNODE_TOKEN, required: true, secret: true, howToGet: 'create a personal access token at https://hashnode.com/settings/developer' },
    {
      env: HASHNODE_PUBLICATION_ID,
      required: true,
      secret: false,
      setting: 'publicationId',
      howToGet:
        'use the 24-character id of your Hashnode publication (blog), e.g. from the API: query { me { publications(first: 20) { edges { node { id url } } } } }',
    },
  ],
  settings: [
    {
      key: 'publicationId',
      configKey: 'publication_id',
      env: HASHNODE_PUBLICATION_ID,
      schema: z.string(),
      describe: 'the id of your Hashnode publication',
    },
  ],
  updateSupport: 'update',
  manageUrl: HASHNODE_MANAGE_URL,
  bodyFields: ['contentMarkdown'],
  initConfig: ['enabled: true', '# Or the HASHNODE_PUBLICATION_ID variable.', '# publication_id: 0123456789abcdef01234567'],
  // Query responses may be cached about 25 s (CONTRACTS 2.4): a lookup right after a create can miss it.
  searchLagSeconds: 25,

  requestHeaders(env) {
    return {
      Authorization: `Bearer ${env[HASHNODE_TOKEN] ?? ''}`,
      'Content-Type': 'application/json',
    };
  },

  readErrorText: readHashnodeErrorText,
  explainError: explainHashnodeFailure,
  prepare: prepareHashnodeRequest,

  async create(session, prepared, post) {
    const { input } = prepared.payload;
    assertRealPublicationId(input.publicationId);
    if (post.published) {
      const data = await sendGraphql<{ publishPost?: { post?: HashnodePostNode } }>(session, 'publishPost', { input });
      return postRecord(data.publishPost?.post);
    }
    const data = await sendGraphql<{ createDraft?: { draft?: HashnodePostNode } }>(session, 'createDraft', { input });
    return draftRecord(data.createDraft?.draft);
  },

  async update(session, remote, prepared, post) {
    if (remote.meta?.['kind'] !== 'draft') return updatePublishedPost(session, remote, prepared, post);
    try {
      return await updateDraftCopy(session, remote.id, prepared, post);
    } catch (error) {
      // A draft published by hand in the dashboard is soft-deleted: carry on with the post it became.
      if (!isXpostError(error) || error.code !== 'NOT_FOUND') throw error;
      const publishedCopy = await findPublishedPost(session, requirePublicationId(session.settings), identityOf(post));
      if (!publishedCopy) {
        throw new XpostError('NOT_FOUND', `the Hashnode draft ${remote.id} no longer exists and no published post matches this one`, {
          hint: `It may have been deleted in the dashboard (${HASHNODE_MANAGE_URL}); remove the Hashnode record from the state file to create it again.`,
          platformCode: error.platformCode,
        });
      }
      return updatePublishedPost(session, publishedCopy, prepared, post);
    }
  },

  async find(session, post) {
    const publicationId = requirePublicationId(session.settings);
    const identity = identityOf(post);
    const published = await findPublishedPost(session, publicationId, identity);
    // Only an unpublished post could have been created as a draft.
    if (published || post.published) return published;
    return findDraft(session, publicationId, identity);
  },
};

async function updatePublishedPost(session: PlatformSession, remote: RemoteRecord, prepared: HashnodePrepared, post: RenderedPost): Promise<RemoteRecord> {
  if (!post.published) {
    throw new XpostError('UNSUPPORTED', 'the post is published on Hashnode and the API cannot turn it back into a draft (there is no unpublish)', {
      hint: `Set \`published: true\` again to keep updating it, or unpublish or delete it by hand at ${remote.url ?? HASHNODE_MANAGE_URL}.`,
    });
  }
  // The whole tag list is sent: updatePost replaces the post's tags with it.
  const input: UpdatePostInput = { id: remote.id, ...postFieldsOf(prepared) };
  const data = await sendGraphql<{ updatePost?: { post?: HashnodePostNode } }>(session, 'updatePost', { input });
  return postRecord(data.updatePost?.post, remote.url);
}

/** Brings the draft up to date, then publishes it when the post is now `published: true`. */
async function updateDraftCopy(session: PlatformSession, draftId: string, prepared: HashnodePrepared, post: RenderedPost): Promise<RemoteRecord> {
  const input: UpdateDraftInput = { draftId, ...draftFieldsFrom(postFieldsOf(prepared)) };
  const updated = await sendGraphql<{ updateDraft?: { draft?: HashnodePostNode } }>(session, 'updateDraft', { input });
  if (!post.published) return draftRecord(updated.updateDraft?.draft);
  const published = await sendGraphql<{ publishDraft?: { post?: HashnodePostNode } }>(session, 'publishDraft', { input: { draftId } });
  return postRecord(published.publishDraft?.post);
}
