/** Medium details the main contract suite leaves open: error bodies, answers without ids, the title heading, settings and failures explained. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { mediumAdapter, type MediumPostPayload } from '../../src/platforms/medium.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

const ORIGIN = 'https://api.medium.com';
const env = { MEDIUM_TOKEN: 'test-medium-token' };
const AUTHOR_ID = '5303d74c64f66366f00cb9b2a94f3251bf5';

const post = (overrides: Parameters<typeof renderedPost>[0] = {}) => renderedPost({ platform: 'medium', ...overrides });
const payloadOf = (overrides: Parameters<typeof renderedPost>[0] = {}, settings = {}) => mediumAdapter.prepare(post(overrides), settings, env).payload as MediumPostPayload;
const session = (account: Record<string, string> = {}) => sessionFor(mediumAdapter, env, { account });

describe('Medium: error bodies', () => {
  it.each([
    ['the first of Medium\'s errors, with its code', { errors: [{ message: 'Token was invalid.', code: 6003 }, { message: 'second' }] }, { message: 'Token was invalid.', platformCode: '6003' }],
    ['a code given as text', { errors: [{ message: 'Bad', code: 'E1' }] }, { message: 'Bad', platformCode: 'E1' }],
    ['an error without usable fields', { errors: [{ message: 5, code: true }] }, {}],
    ['an error that is not an object', { errors: ['just text'] }, {}],
    ['an empty error list', { errors: [] }, {}],
    ['errors that are not a list', { errors: 'nope' }, {}],
    ['a text body, trimmed and cut at 300 characters', `  ${'m'.repeat(400)}`, { message: 'm'.repeat(300) }],
    ['a blank text body', '   ', {}],
    ['no body', null, {}],
  ])('%s', (_name, body, expected) => {
    expect(mediumAdapter.readErrorText(400, body)).toEqual(expected);
  });
});

describe('Medium: answers', () => {
  it('a create answered without a post id is an unknown outcome: the user must look first', async () => {
    nock(ORIGIN).post(`/v1/users/${AUTHOR_ID}/posts`).reply(201, { data: { url: 'https://medium.com/p/x' } }).post(`/v1/users/${AUTHOR_ID}/posts`).reply(201, 'odd');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(mediumAdapter.create(session({ authorId: AUTHOR_ID }), mediumAdapter.prepare(post(), {}, env), post())).rejects.toMatchObject({
        code: 'OUTCOME_UNKNOWN',
        message: 'Medium answered 201 without a post id',
        hint: 'Check https://medium.com/me/stories before running again: the post may have been created.',
      });
    }
  });

  it('a created post without a publish status records no meta', async () => {
    nock(ORIGIN).post(`/v1/users/${AUTHOR_ID}/posts`).reply(201, { data: { id: 'e6f36a', url: 'https://medium.com/p/e6f36a' } });
    expect(await mediumAdapter.create(session({ authorId: AUTHOR_ID }), mediumAdapter.prepare(post(), {}, env), post())).toEqual({ id: 'e6f36a', url: 'https://medium.com/p/e6f36a' });
  });

  it('checks the token before anything is sent: /v1/me is asked and the author id remembered', async () => {
    const scope = nock(ORIGIN).get('/v1/me').reply(200, { data: { id: AUTHOR_ID } });
    const current = session();
    await mediumAdapter.resolveAccount!(current);
    scope.done();
    expect(current.accountValues).toEqual({ authorId: AUTHOR_ID });
  });

  it('/v1/me without a user id is a server error', async () => {
    nock(ORIGIN).get('/v1/me').reply(200, { data: {} }).get('/v1/me').reply(200, 'odd');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(mediumAdapter.resolveAccount!(session())).rejects.toMatchObject({ code: 'SERVER_ERROR', message: 'Medium answered /v1/me without a user id', hint: 'Run again later; if it repeats, check MEDIUM_TOKEN.' });
    }
  });

  it('an update is refused with what Medium cannot do', async () => {
    await expect(mediumAdapter.update(session(), { id: 'e6f36a', url: undefined }, mediumAdapter.prepare(post(), {}, env), post())).rejects.toMatchObject({
      message: 'Medium cannot update posts through its API',
      hint: 'edit it at https://medium.com/me/stories',
    });
  });
});

describe('Medium: the title heading', () => {
  it.each([
    ['a heading with one space', '# Testing xpost\n\nText', '# Testing xpost\n\nText'],
    ['a heading with closing hashes', '# Testing xpost ##\n\nText', '# Testing xpost ##\n\nText'],
    ['a second-level heading is not the title', '## Testing xpost\n\nText', '# Testing xpost\n\n## Testing xpost\n\nText'],
    ['a heading later in the body is not the title', 'Intro\n# Testing xpost\n', '# Testing xpost\n\nIntro\n# Testing xpost\n'],
    ['a hash without a space is no heading', '#Testing xpost\n', '# Testing xpost\n\n#Testing xpost\n'],
  ])('%s', (_name, body, content) => {
    expect(payloadOf({ body }).content).toBe(content);
  });

  it('a title of more than 100 characters is refused with how to set one for Medium alone', () => {
    expect(() => payloadOf({ title: 'x'.repeat(101) })).toThrow(
      expect.objectContaining({ hint: 'Shorten the title, or set a shorter one for Medium only with `medium: { title: ... }` in the front matter.' }),
    );
  });
});

describe('Medium: settings', () => {
  it('a blank publish status follows the post; a status that is not text is refused with the choices', () => {
    expect(payloadOf({ published: true }, { publishStatus: '  ' }).publishStatus).toBe('public');
    expect(payloadOf({ published: true }, { publishStatus: 'PUBLIC' }).publishStatus).toBe('public');
    expect(() => payloadOf({}, { publishStatus: 3 })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: 'XPOST_MEDIUM_PUBLISH_STATUS must be one of public, draft, unlisted, not "3"',
        hint: 'Use draft to review the post on Medium before it goes public, or leave it unset to follow the post\'s `published` flag.',
      }),
    );
  });

  it('notify followers: false as a boolean, blank or padded text', () => {
    expect(payloadOf({}, { notifyFollowers: false }).notifyFollowers).toBe(false);
    expect(payloadOf({}, { notifyFollowers: '  ' }).notifyFollowers).toBe(false);
    expect(payloadOf({}, { notifyFollowers: ' True ' }).notifyFollowers).toBe(true);
    expect(() => payloadOf({}, { notifyFollowers: 1 })).toThrow(expect.objectContaining({ message: 'XPOST_MEDIUM_NOTIFY_FOLLOWERS must be true or false, not "1"' }));
  });
});

describe('Medium: failures explained', () => {
  it('a 403 says which permission or account may be wrong, and keeps Medium\'s words', async () => {
    nock(ORIGIN).post(`/v1/users/${AUTHOR_ID}/posts`).reply(403, { errors: [{ message: 'User does not have permission to publish.', code: 6014 }] });
    await expect(mediumAdapter.create(session({ authorId: AUTHOR_ID }), mediumAdapter.prepare(post(), {}, env), post())).rejects.toMatchObject({
      status: 403,
      platformCode: '6014',
      message: 'Medium answered 403: User does not have permission to publish.',
      hint: 'The token may not be allowed to publish (publishPost scope), or it belongs to another account than the author id remembered in the state file.',
    });
  });

  it('another failure is left as it was', async () => {
    nock(ORIGIN).post(`/v1/users/${AUTHOR_ID}/posts`).reply(400, { errors: [{ message: 'Invalid canonicalUrl', code: 2004 }] });
    const error = await mediumAdapter.create(session({ authorId: AUTHOR_ID }), mediumAdapter.prepare(post(), {}, env), post()).catch((failure: { hint?: string; message: string }) => failure);
    expect(error).toMatchObject({ message: 'Medium answered 400: Invalid canonicalUrl' });
    expect((error as { hint?: string }).hint ?? '').not.toMatch(/MEDIUM_TOKEN was rejected|publishPost scope/);
  });
});
