import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { XpostError } from '../../src/errors/xpost-error.js';
import { hashnodeAdapter } from '../../src/platforms/hashnode/adapter.js';
import { HASHNODE_DOCUMENTS } from '../../src/platforms/hashnode/graphql.js';
import { HASHNODE_PUBLICATION_PLACEHOLDER } from '../../src/platforms/hashnode/inputs.js';
import type { RenderedPost } from '../../src/platforms/types.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://gql-beta.hashnode.com';
const PUBLICATION_ID = '65f0c0ffee0000000000abcd';
const env = { HASHNODE_TOKEN: 'test-hashnode-token', HASHNODE_PUBLICATION_ID: PUBLICATION_ID };
const settings = { publicationId: PUBLICATION_ID };
const PRO_PLAN_MESSAGE = 'Publication does not have an active Pro plan. Upgrade in your dashboard to access this via the API.';

const hashnodePost = (overrides: Partial<RenderedPost> = {}): RenderedPost => renderedPost({ platform: 'hashnode', ...overrides });
const session = () => sessionFor(hashnodeAdapter, env, { settings });

/** Intercepts POST / with the headers every Hashnode request must carry and records each JSON body. */
function graphqlServer(replies: { status?: number; body: unknown }[]) {
  const bodies: unknown[] = [];
  const scope = nock(ORIGIN, {
    reqheaders: {
      authorization: 'Bearer test-hashnode-token',
      'content-type': 'application/json',
      'user-agent': /^xpost\//,
    },
  });
  for (const reply of replies) {
    scope
      .post('/', (body) => {
        bodies.push(body);
        return true;
      })
      .reply(reply.status ?? 200, reply.body as nock.Body);
  }
  return { scope, bodies };
}

const graphqlError = (code: string, message: string, path: string[] = ['publishPost']) => ({
  errors: [{ message, extensions: { code }, path }],
  data: null,
});

describe('Hashnode prepare', () => {
  it('builds the flat PublishPostInput variables with tags as {slug, name}', () => {
    const prepared = hashnodeAdapter.prepare(
      hashnodePost({ tags: ['Web Development', 'Node.js', 'C#'], coverImage: 'https://blog.example.com/cover.png' }),
      settings,
      env,
    );
    expect(prepared.payload).toEqual({
      input: {
        publicationId: PUBLICATION_ID,
        title: 'Testing xpost',
        subtitle: 'A post used by the tests',
        contentMarkdown: 'Hello from the **tests**.\n',
        slug: 'testing-xpost',
        tags: [
          { slug: 'web-development', name: 'Web Development' },
          { slug: 'nodejs', name: 'Node.js' },
          { slug: 'csharp', name: 'C#' },
        ],
        originalArticleURL: 'https://blog.example.com/posts/testing-xpost/',
        coverImage: 'https://blog.example.com/cover.png',
      },
    });
    expect(prepared.endpoint).toBe('POST / (GraphQL publishPost; updatePost to update)');
    expect(prepared.notes).toEqual([]);
  });

  it('keeps at most 15 tags and says which were dropped', () => {
    const prepared = hashnodeAdapter.prepare(hashnodePost({ tags: Array.from({ length: 17 }, (_, index) => `Tag ${index}`) }), settings, env);
    const input = (prepared.payload as { input: { tags: unknown[] } }).input;
    expect(input.tags).toHaveLength(15);
    expect(prepared.notes).toContain('tags "Tag 15", "Tag 16" dropped: Hashnode allows at most 15 tags');
  });

  it('uses a placeholder publication id when HASHNODE_PUBLICATION_ID is unset, so dry-run needs no credentials', () => {
    const prepared = hashnodeAdapter.prepare(hashnodePost(), { publicationId: undefined }, {});
    expect((prepared.payload as { input: { publicationId: string } }).input.publicationId).toBe('<HASHNODE_PUBLICATION_ID>');
    expect(HASHNODE_PUBLICATION_PLACEHOLDER).toBe('<HASHNODE_PUBLICATION_ID>');
  });

  it('leaves the publication id (an account value) out of the fingerprint', () => {
    const post = hashnodePost();
    const withId = hashnodeAdapter.prepare(post, settings, env);
    const withOtherId = hashnodeAdapter.prepare(post, { publicationId: '65f0c0ffee0000000000ffff' }, env);
    const withoutId = hashnodeAdapter.prepare(post, {}, {});
    expect(withId.fingerprint).toEqual(withOtherId.fingerprint);
    expect(withId.fingerprint).toEqual(withoutId.fingerprint);
    expect(JSON.stringify(withId.fingerprint)).not.toContain(PUBLICATION_ID);
    expect(withId.fingerprint).not.toEqual(hashnodeAdapter.prepare(hashnodePost({ published: false }), settings, env).fingerprint);
  });

  it('refuses a request over the 100 KB body limit before sending', () => {
    const tooLong = hashnodePost({ body: 'x'.repeat(100 * 1024) });
    expect(() => hashnodeAdapter.prepare(tooLong, settings, env)).toThrow(XpostError);
    expect(() => hashnodeAdapter.prepare(tooLong, settings, env)).toThrow(/Hashnode accepts at most 102400 bytes \(100 KB\)/);
    try {
      hashnodeAdapter.prepare(tooLong, settings, env);
    } catch (error) {
      expect(error).toMatchObject({ code: 'PAYLOAD_INVALID' });
    }
    expect(() => hashnodeAdapter.prepare(hashnodePost({ body: 'x'.repeat(99 * 1024) }), settings, env)).not.toThrow();
  });

  it('derives a deterministic slug from the title when the post has none', () => {
    const prepared = hashnodeAdapter.prepare(hashnodePost({ slug: undefined, title: 'JWT vs. Sessions, in plain words' }), settings, env);
    expect(prepared.payload.input.slug).toBe('jwt-vs-sessions-in-plain-words');
  });

  it('omits subtitle when there is no description and reports a series name it cannot send', () => {
    const prepared = hashnodeAdapter.prepare(hashnodePost({ description: undefined, series: 'Auth basics' }), settings, env);
    const input = prepared.payload.input;
    expect(input).not.toHaveProperty('subtitle');
    expect(input).not.toHaveProperty('seriesId');
    expect(prepared.notes.some((note) => note.includes('series "Auth basics" not sent'))).toBe(true);
    const withId = hashnodeAdapter.prepare(hashnodePost({ series: '65f0c0ffee00000000005e71' }), settings, env);
    expect(withId.payload.input['seriesId']).toBe('65f0c0ffee00000000005e71');
  });

  it('builds the nested CreateDraftInput for an unpublished post', () => {
    const prepared = hashnodeAdapter.prepare(hashnodePost({ published: false, coverImage: 'https://blog.example.com/cover.png' }), settings, env);
    expect(prepared.payload).toEqual({
      input: {
        publicationId: PUBLICATION_ID,
        title: 'Testing xpost',
        subtitle: 'A post used by the tests',
        contentMarkdown: 'Hello from the **tests**.\n',
        slug: 'testing-xpost',
        tags: [{ slug: 'testing', name: 'testing' }],
        originalArticleURL: 'https://blog.example.com/posts/testing-xpost/',
        coverImageOptions: { coverImageURL: 'https://blog.example.com/cover.png' },
        settings: { slugOverridden: true },
      },
    });
    expect(prepared.endpoint).toContain('createDraft');
  });

  it('rejects a publication id that is not an ObjectId and a cover image that is not an absolute URL', () => {
    expect(() => hashnodeAdapter.prepare(hashnodePost(), { publicationId: 'blog.example.com' }, env)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => hashnodeAdapter.prepare(hashnodePost({ coverImage: './cover.png' }), settings, env)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_INVALID' }),
    );
  });
});

describe('Hashnode contract', () => {
  it('creates with POST / publishPost, Bearer token, JSON and the xpost user agent', async () => {
    const post = hashnodePost();
    const prepared = hashnodeAdapter.prepare(post, settings, env);
    const { scope, bodies } = graphqlServer([
      { body: { data: { publishPost: { post: { id: 'post-1', slug: 'testing-xpost', url: 'https://blog.example.dev/testing-xpost' } } } } },
    ]);

    const record = await hashnodeAdapter.create(session(), prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(bodies).toEqual([{ query: HASHNODE_DOCUMENTS.publishPost, variables: prepared.payload }]);
    expect(record).toEqual({ id: 'post-1', url: 'https://blog.example.dev/testing-xpost', meta: { kind: 'post' } });
  });

  it('never sends the dry-run placeholder as a publication id', async () => {
    const post = hashnodePost();
    const prepared = hashnodeAdapter.prepare(post, {}, {});
    await expect(hashnodeAdapter.create(session(), prepared, post)).rejects.toMatchObject({ code: 'MISSING_CREDENTIAL' });
  });

  it('updates with updatePost: the id instead of publicationId, and the full tag set', async () => {
    const post = hashnodePost({ tags: ['testing', 'GraphQL'] });
    const prepared = hashnodeAdapter.prepare(post, settings, env);
    const { scope, bodies } = graphqlServer([
      { body: { data: { updatePost: { post: { id: 'post-1', slug: 'testing-xpost', url: 'https://blog.example.dev/testing-xpost' } } } } },
    ]);

    const record = await hashnodeAdapter.update(session(), { id: 'post-1', url: undefined, meta: { kind: 'post' } }, prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(bodies).toEqual([
      {
        query: HASHNODE_DOCUMENTS.updatePost,
        variables: {
          input: {
            id: 'post-1',
            title: 'Testing xpost',
            subtitle: 'A post used by the tests',
            contentMarkdown: 'Hello from the **tests**.\n',
            slug: 'testing-xpost',
            tags: [
              { slug: 'testing', name: 'testing' },
              { slug: 'graphql', name: 'GraphQL' },
            ],
            originalArticleURL: 'https://blog.example.com/posts/testing-xpost/',
          },
        },
      },
    ]);
    expect(record).toEqual({ id: 'post-1', url: 'https://blog.example.dev/testing-xpost', meta: { kind: 'post' } });
  });

  it('treats a record without meta (older state files) as a published post', async () => {
    const post = hashnodePost();
    const { bodies } = graphqlServer([{ body: { data: { updatePost: { post: { id: 'post-1', slug: 'testing-xpost', url: 'https://b/x' } } } } }]);
    await hashnodeAdapter.update(session(), { id: 'post-1', url: undefined }, hashnodeAdapter.prepare(post, settings, env), post);
    expect((bodies[0] as { query: string }).query).toBe(HASHNODE_DOCUMENTS.updatePost);
  });

  it('creates a draft with createDraft when published is false; the draft has no public URL', async () => {
    const post = hashnodePost({ published: false });
    const prepared = hashnodeAdapter.prepare(post, settings, env);
    const { scope, bodies } = graphqlServer([{ body: { data: { createDraft: { draft: { id: 'draft-1', slug: 'testing-xpost' } } } } }]);

    const record = await hashnodeAdapter.create(session(), prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(bodies).toEqual([{ query: HASHNODE_DOCUMENTS.createDraft, variables: prepared.payload }]);
    expect(record).toEqual({ id: 'draft-1', url: undefined, meta: { kind: 'draft' } });
  });

  it('updates a draft with updateDraft keyed by draftId', async () => {
    const post = hashnodePost({ published: false });
    const prepared = hashnodeAdapter.prepare(post, settings, env);
    const { bodies } = graphqlServer([{ body: { data: { updateDraft: { draft: { id: 'draft-1', slug: 'testing-xpost' } } } } }]);

    const record = await hashnodeAdapter.update(session(), { id: 'draft-1', url: undefined, meta: { kind: 'draft' } }, prepared, post);

    const { publicationId: _publicationId, ...fields } = prepared.payload.input;
    expect(bodies).toEqual([{ query: HASHNODE_DOCUMENTS.updateDraft, variables: { input: { draftId: 'draft-1', ...fields } } }]);
    expect(record).toEqual({ id: 'draft-1', url: undefined, meta: { kind: 'draft' } });
  });

  it('publishes a draft once the post says published: true, and records the post it became', async () => {
    const post = hashnodePost({ coverImage: 'https://blog.example.com/cover.png' });
    const prepared = hashnodeAdapter.prepare(post, settings, env);
    const { scope, bodies } = graphqlServer([
      { body: { data: { updateDraft: { draft: { id: 'draft-1', slug: 'testing-xpost' } } } } },
      { body: { data: { publishDraft: { post: { id: 'post-9', slug: 'testing-xpost', url: 'https://blog.example.dev/testing-xpost' } } } } },
    ]);

    const record = await hashnodeAdapter.update(session(), { id: 'draft-1', url: undefined, meta: { kind: 'draft' } }, prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(bodies).toEqual([
      {
        query: HASHNODE_DOCUMENTS.updateDraft,
        variables: {
          input: {
            draftId: 'draft-1',
            title: 'Testing xpost',
            subtitle: 'A post used by the tests',
            contentMarkdown: 'Hello from the **tests**.\n',
            slug: 'testing-xpost',
            tags: [{ slug: 'testing', name: 'testing' }],
            originalArticleURL: 'https://blog.example.com/posts/testing-xpost/',
            coverImageOptions: { coverImageURL: 'https://blog.example.com/cover.png' },
            settings: { slugOverridden: true },
          },
        },
      },
      { query: HASHNODE_DOCUMENTS.publishDraft, variables: { input: { draftId: 'draft-1' } } },
    ]);
    expect(record).toEqual({ id: 'post-9', url: 'https://blog.example.dev/testing-xpost', meta: { kind: 'post' } });
  });

  it('follows a draft that was published by hand to the post it became', async () => {
    const post = hashnodePost();
    const prepared = hashnodeAdapter.prepare(post, settings, env);
    const { scope, bodies } = graphqlServer([
      { body: graphqlError('NOT_FOUND', 'Draft not found', ['updateDraft']) },
      {
        body: {
          data: {
            publication: {
              post: { id: 'post-9', slug: 'testing-xpost', url: 'https://b/testing-xpost', canonicalUrl: 'https://blog.example.com/posts/testing-xpost/' },
              redirectedPost: null,
            },
          },
        },
      },
      { body: { data: { updatePost: { post: { id: 'post-9', slug: 'testing-xpost', url: 'https://b/testing-xpost' } } } } },
    ]);

    const record = await hashnodeAdapter.update(session(), { id: 'draft-1', url: undefined, meta: { kind: 'draft' } }, prepared, post);

    expect(scope.isDone()).toBe(true);
    expect(bodies.map((body) => (body as { query: string }).query)).toEqual([
      HASHNODE_DOCUMENTS.updateDraft,
      HASHNODE_DOCUMENTS.postBySlug,
      HASHNODE_DOCUMENTS.updatePost,
    ]);
    expect(record).toEqual({ id: 'post-9', url: 'https://b/testing-xpost', meta: { kind: 'post' } });
  });

  it('says clearly that a published post cannot go back to draft, and sends nothing', async () => {
    const post = hashnodePost({ published: false });
    const prepared = hashnodeAdapter.prepare(post, settings, env);
    const failure = hashnodeAdapter.update(session(), { id: 'post-1', url: 'https://b/testing-xpost', meta: { kind: 'post' } }, prepared, post);
    await expect(failure).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('no unpublish') });
    await expect(failure).rejects.toMatchObject({ hint: expect.stringContaining('https://b/testing-xpost') });
  });

  describe('find', () => {
    it('looks the post up by its deterministic slug in the publication', async () => {
      const { scope, bodies } = graphqlServer([
        {
          body: {
            data: {
              publication: {
                post: { id: 'post-1', slug: 'testing-xpost', url: 'https://b/testing-xpost', canonicalUrl: 'https://blog.example.com/posts/testing-xpost' },
                redirectedPost: null,
              },
            },
          },
        },
      ]);
      const found = await hashnodeAdapter.find!(session(), hashnodePost());
      expect(scope.isDone()).toBe(true);
      expect(bodies).toEqual([{ query: HASHNODE_DOCUMENTS.postBySlug, variables: { publicationId: PUBLICATION_ID, slug: 'testing-xpost' } }]);
      expect(found).toEqual({ id: 'post-1', url: 'https://b/testing-xpost', meta: { kind: 'post' } });
    });

    it('follows a renamed slug through redirectedPost', async () => {
      const post = { id: 'post-1', slug: 'renamed', url: 'https://b/renamed', canonicalUrl: 'https://blog.example.com/posts/testing-xpost/' };
      const { bodies } = graphqlServer([
        { body: { data: { publication: { post: null, redirectedPost: { id: 'post-1', slug: 'renamed' } } } } },
        { body: { data: { publication: { post, redirectedPost: null } } } },
      ]);
      const found = await hashnodeAdapter.find!(session(), hashnodePost());
      expect((bodies[1] as { variables: unknown }).variables).toEqual({ publicationId: PUBLICATION_ID, slug: 'renamed' });
      expect(found?.id).toBe('post-1');
    });

    it('ignores a slug match with another canonical URL and pages the posts for the canonical URL', async () => {
      const { scope, bodies } = graphqlServer([
        {
          body: {
            errors: [{ message: 'Post not found', extensions: { code: 'NOT_FOUND' }, path: ['publication', 'post'] }],
            data: { publication: { post: null, redirectedPost: null } },
          },
        },
        {
          body: {
            data: {
              publication: {
                posts: {
                  edges: [{ node: { id: 'other', slug: 'other', url: 'https://b/other', canonicalUrl: 'https://blog.example.com/other/' } }],
                  pageInfo: { hasNextPage: true, endCursor: 'cursor-1' },
                },
              },
            },
          },
        },
        {
          body: {
            data: {
              publication: {
                posts: {
                  edges: [{ node: { id: 'post-7', slug: 'testing-xpost-1', url: 'https://b/t1', canonicalUrl: 'https://BLOG.example.com/posts/testing-xpost' } }],
                  pageInfo: { hasNextPage: false, endCursor: 'cursor-2' },
                },
              },
            },
          },
        },
      ]);
      const found = await hashnodeAdapter.find!(session(), hashnodePost());
      expect(scope.isDone()).toBe(true);
      expect(bodies.slice(1)).toEqual([
        { query: HASHNODE_DOCUMENTS.publicationPosts, variables: { publicationId: PUBLICATION_ID, after: null } },
        { query: HASHNODE_DOCUMENTS.publicationPosts, variables: { publicationId: PUBLICATION_ID, after: 'cursor-1' } },
      ]);
      expect(found).toEqual({ id: 'post-7', url: 'https://b/t1', meta: { kind: 'post' } });
    });

    it('finds an unpublished post among the drafts, and answers undefined when there is no copy', async () => {
      const draftPost = hashnodePost({ published: false, canonicalUrl: undefined });
      graphqlServer([
        { body: { data: { publication: { post: null, redirectedPost: null } } } },
        {
          body: {
            data: {
              publication: {
                drafts: { edges: [{ node: { id: 'draft-3', slug: 'testing-xpost', canonicalUrl: null } }], pageInfo: { hasNextPage: false, endCursor: null } },
              },
            },
          },
        },
      ]);
      expect(await hashnodeAdapter.find!(session(), draftPost)).toEqual({ id: 'draft-3', url: undefined, meta: { kind: 'draft' } });

      graphqlServer([
        { body: { data: { publication: { post: null, redirectedPost: null } } } },
        { body: { data: { publication: { posts: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } } },
      ]);
      expect(await hashnodeAdapter.find!(session(), hashnodePost())).toBeUndefined();
    });

    it('reports an unknown publication instead of "not found"', async () => {
      graphqlServer([{ body: { data: { publication: null } } }]);
      await expect(hashnodeAdapter.find!(session(), hashnodePost())).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: `Hashnode has no publication with id ${PUBLICATION_ID}`,
      });
    });
  });

  describe('errors', () => {
    const publish = async () => {
      const post = hashnodePost();
      return hashnodeAdapter.create(session(), hashnodeAdapter.prepare(post, settings, env), post);
    };

    it('maps UNAUTHENTICATED (inside HTTP 200) to AUTH_FAILED naming HASHNODE_TOKEN', async () => {
      graphqlServer([{ body: graphqlError('UNAUTHENTICATED', 'Invalid token') }]);
      await expect(publish()).rejects.toMatchObject({
        code: 'AUTH_FAILED',
        message: 'Hashnode rejected HASHNODE_TOKEN: Invalid token',
        hint: expect.stringContaining('https://hashnode.com/settings/developer'),
        platformCode: 'UNAUTHENTICATED',
      });
    });

    it('maps the Pro-plan FORBIDDEN to a clear message and never retries it', async () => {
      let requests = 0;
      nock(ORIGIN)
        .post('/')
        .times(3)
        .reply(() => {
          requests += 1;
          return [200, graphqlError('FORBIDDEN', PRO_PLAN_MESSAGE)];
        });
      await expect(publish()).rejects.toMatchObject({
        code: 'FORBIDDEN',
        retryable: false,
        message: `the Hashnode publication needs an active Hashnode Pro plan for API writes (Hashnode said: "${PRO_PLAN_MESSAGE}")`,
        hint: expect.stringContaining('Upgrade the publication to Pro'),
      });
      expect(requests).toBe(1);
    });

    it('does not retry a Pro-plan answer even when it comes with a retryable HTTP status', async () => {
      let requests = 0;
      nock(ORIGIN)
        .post('/', (body: { query: string }) => body.query === HASHNODE_DOCUMENTS.postBySlug)
        .times(3)
        .reply(() => {
          requests += 1;
          return [503, graphqlError('FORBIDDEN', PRO_PLAN_MESSAGE, ['publication'])];
        });
      await expect(hashnodeAdapter.find!(session(), hashnodePost())).rejects.toMatchObject({ code: 'FORBIDDEN', status: 503, retryable: false });
      expect(requests).toBe(1);
    });

    it('maps a role FORBIDDEN without the Pro wording to a permissions message', async () => {
      graphqlServer([{ body: graphqlError('FORBIDDEN', 'You are not allowed to publish to this publication') }]);
      await expect(publish()).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Hashnode refused the request: You are not allowed to publish to this publication',
      });
    });

    it('maps BAD_USER_INPUT to REJECTED with the platform message', async () => {
      graphqlServer([{ body: graphqlError('BAD_USER_INPUT', 'Maximum 15 tags allowed') }]);
      await expect(publish()).rejects.toMatchObject({ code: 'REJECTED', message: 'Hashnode rejected the post: Maximum 15 tags allowed' });
    });

    it('maps NOT_FOUND, and INTERNAL_SERVER_ERROR to SERVER_ERROR', async () => {
      graphqlServer([{ body: graphqlError('NOT_FOUND', 'Publication not found') }]);
      await expect(publish()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Hashnode: Publication not found' });
      graphqlServer([{ body: graphqlError('INTERNAL_SERVER_ERROR', 'Unexpected error', ['updatePost']) }]);
      const post = hashnodePost();
      await expect(
        hashnodeAdapter.update(session(), { id: 'post-1', url: undefined, meta: { kind: 'post' } }, hashnodeAdapter.prepare(post, settings, env), post),
      ).rejects.toMatchObject({ code: 'SERVER_ERROR', message: 'Hashnode had an internal error: Unexpected error', retryable: true });
    });

    it('turns a server error on a create into OUTCOME_UNKNOWN, so the post is looked up before a second create', async () => {
      let requests = 0;
      nock(ORIGIN)
        .post('/')
        .times(3)
        .reply(() => {
          requests += 1;
          return [200, graphqlError('INTERNAL_SERVER_ERROR', 'Unexpected error')];
        });
      await expect(publish()).rejects.toMatchObject({
        code: 'OUTCOME_UNKNOWN',
        message: 'Hashnode had an internal error: Unexpected error; the publishPost may or may not have been applied',
        platformCode: 'INTERNAL_SERVER_ERROR',
      });
      expect(requests).toBe(1);
    });

    it('fails on errors in an HTTP 200 even when data is present', async () => {
      graphqlServer([
        {
          body: {
            data: { publishPost: { post: { id: 'post-1', slug: 's', url: 'https://b/s' } } },
            errors: [{ message: 'Tag "x" could not be created', extensions: { code: 'BAD_USER_INPUT' } }, { message: 'second' }],
          },
        },
      ]);
      await expect(publish()).rejects.toMatchObject({ code: 'REJECTED', message: 'Hashnode rejected the post: Tag "x" could not be created (and 1 more)' });
    });

    it('maps an HTTP 400 GRAPHQL_VALIDATION_FAILED answer to REJECTED with the first message and its code', async () => {
      graphqlServer([
        {
          status: 400,
          body: { errors: [{ message: 'Field "coverImageOptions" is not defined by type "PublishPostInput".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
        },
      ]);
      await expect(publish()).rejects.toMatchObject({
        code: 'REJECTED',
        status: 400,
        platformCode: 'GRAPHQL_VALIDATION_FAILED',
        message: 'Hashnode answered 400: Field "coverImageOptions" is not defined by type "PublishPostInput".',
        hint: expect.stringContaining('schema'),
      });
    });

    it('maps an HTTP 401 carrying UNAUTHENTICATED like the in-200 case', async () => {
      graphqlServer([{ status: 401, body: graphqlError('UNAUTHENTICATED', 'Invalid token') }]);
      await expect(publish()).rejects.toMatchObject({
        code: 'AUTH_FAILED',
        status: 401,
        message: 'Hashnode rejected HASHNODE_TOKEN: Invalid token (HTTP 401)',
      });
    });

    it('reports the retired host 301 to HTML clearly, without following it', async () => {
      const retired = 'https://gql.hashnode.com';
      const scope = nock(retired)
        .post('/')
        .reply(301, '<html><body>Moved</body></html>', { Location: 'https://hashnode.com/', 'Content-Type': 'text/html' });
      const post = hashnodePost();
      const failure = hashnodeAdapter.create(
        sessionFor(hashnodeAdapter, env, { settings, origin: retired }),
        hashnodeAdapter.prepare(post, settings, env),
        post,
      );
      await expect(failure).rejects.toMatchObject({
        status: 301,
        message: 'Hashnode answered 301: an HTML page instead of GraphQL JSON (redirected to https://hashnode.com/)',
        hint: expect.stringContaining('https://gql-beta.hashnode.com/'),
      });
      expect(scope.isDone()).toBe(true);
    });

    it('reports an HTML page in an HTTP 200 as a clear error, not a crash', async () => {
      nock(ORIGIN).post('/').reply(200, '<!doctype html><title>Hashnode</title>', { 'Content-Type': 'text/html' });
      await expect(hashnodeAdapter.find!(session(), hashnodePost())).rejects.toMatchObject({
        code: 'SERVER_ERROR',
        message: 'Hashnode answered with an HTML page instead of GraphQL JSON',
        hint: expect.stringContaining('https://gql-beta.hashnode.com/'),
      });
    });
  });

  it('readErrorText returns the first GraphQL error and its code, or words for a non-JSON body', () => {
    expect(hashnodeAdapter.readErrorText(400, { errors: [{ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] })).toEqual({
      message: 'Syntax Error',
      platformCode: 'GRAPHQL_PARSE_FAILED',
      retryable: false,
    });
    expect(hashnodeAdapter.readErrorText(503, graphqlError('FORBIDDEN', PRO_PLAN_MESSAGE))).toEqual({
      message: PRO_PLAN_MESSAGE,
      platformCode: 'FORBIDDEN',
      retryable: false,
    });
    expect(hashnodeAdapter.readErrorText(301, '<html></html>')).toEqual({ message: 'an HTML page instead of GraphQL JSON' });
    expect(hashnodeAdapter.readErrorText(502, 'Bad Gateway\n')).toEqual({ message: 'Bad Gateway' });
    expect(hashnodeAdapter.readErrorText(500, undefined)).toEqual({});
  });
});
