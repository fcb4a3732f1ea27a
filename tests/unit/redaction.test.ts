import { describe, expect, it } from 'vitest';
import { missingCredentials, secretValues } from '../../src/core/credentials.js';
import { createRedactor, escapeTableCell, escapeWorkflowData, escapeWorkflowProperty, MASK, redactDeep } from '../../src/http/redact.js';
import type { PlatformAdapter } from '../../src/platforms/types.js';
import { findDuplicateKey } from '../../src/state/json-duplicates.js';

describe('escapes the redactor knows about', () => {
  it('workflow data escapes %, CR and LF; properties also : and ,', () => {
    expect(escapeWorkflowData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeWorkflowProperty('posts/a.md: x, y')).toBe('posts/a.md%3A x%2C y');
  });

  it('a table cell escapes pipes and turns line breaks into spaces', () => {
    expect(escapeTableCell('a|b\r\nc\nd')).toBe('a\\|b c d');
  });
});

describe('createRedactor', () => {
  it('masks a secret that contains another whole, whatever the order they were given in', () => {
    const redact = createRedactor(['short-secret', 'short-secret-and-longer']);
    expect(redact('x short-secret-and-longer y short-secret z')).toBe(`x ${MASK} y ${MASK} z`);
  });

  it('with no secrets, leaves text alone', () => {
    expect(createRedactor([undefined, ''])('plain text')).toBe('plain text');
  });
});

describe('redactDeep', () => {
  it('masks strings at any depth, in arrays and objects, keeping keys, numbers, booleans and null', () => {
    const redact = createRedactor(['test-token-123']);
    expect(redactDeep({ errors: [{ message: 'bad test-token-123', code: 401, retry: false, at: null }], 'test-token-123': 'key' }, redact)).toEqual({
      errors: [{ message: `bad ${MASK}`, code: 401, retry: false, at: null }],
      'test-token-123': 'key',
    });
    expect(redactDeep('test-token-123', redact)).toBe(MASK);
    expect(redactDeep(7, redact)).toBe(7);
  });
});

const adapter = {
  id: 'hashnode',
  name: 'Hashnode',
  credentials: [
    { env: 'HASHNODE_TOKEN', required: true, secret: true, howToGet: 'create a token' },
    { env: 'HASHNODE_PUBLICATION_ID', required: true, secret: false, howToGet: 'copy the id', setting: 'publicationId' },
    { env: 'HASHNODE_OPTIONAL', required: false, secret: true, howToGet: 'optional' },
  ],
} as unknown as PlatformAdapter;

describe('missingCredentials', () => {
  const noSettings = () => ({});
  it('names every missing required variable with its platform and how to get it', () => {
    const problems = missingCredentials([adapter], {}, noSettings);
    expect(problems.map((problem) => [problem.code, problem.message, problem.hint])).toEqual([
      ['MISSING_CREDENTIAL', 'HASHNODE_TOKEN is not set (needed to publish to Hashnode)', expect.stringContaining('create a token, then put it in the environment')],
      ['MISSING_CREDENTIAL', 'HASHNODE_PUBLICATION_ID is not set (needed to publish to Hashnode)', expect.stringContaining('copy the id')],
    ]);
  });

  it('a setting from the config file stands in for a variable; blank values count as missing', () => {
    expect(missingCredentials([adapter], { HASHNODE_TOKEN: 'a-real-token', HASHNODE_PUBLICATION_ID: '  ' }, () => ({ publicationId: 'abc' }))).toEqual([]);
    expect(missingCredentials([adapter], { HASHNODE_TOKEN: 'a-real-token' }, () => ({ publicationId: undefined }))).toHaveLength(1);
  });

  it('refuses secrets under 8 characters (trimmed), even optional ones; 8 characters and non-secret values are fine', () => {
    const env = { HASHNODE_TOKEN: '  seven77  ', HASHNODE_PUBLICATION_ID: 'x', HASHNODE_OPTIONAL: 'short' };
    expect(missingCredentials([adapter], env, noSettings).map((problem) => [problem.code, problem.message])).toEqual([
      ['CREDENTIAL_INVALID', 'HASHNODE_TOKEN is 7 characters long, too short to be a real Hashnode token'],
      ['CREDENTIAL_INVALID', 'HASHNODE_OPTIONAL is 5 characters long, too short to be a real Hashnode token'],
    ]);
    expect(missingCredentials([adapter], { HASHNODE_TOKEN: 'eight888', HASHNODE_PUBLICATION_ID: 'x' }, noSettings)).toEqual([]);
    expect(missingCredentials([adapter], env, noSettings)[0]?.hint).toContain('under 8 characters');
  });
});

describe('secretValues', () => {
  it('lists the secret variables only, unset ones as empty', () => {
    expect(secretValues([adapter], { HASHNODE_TOKEN: 'a-real-token', HASHNODE_PUBLICATION_ID: 'public-id' })).toEqual(['a-real-token', '']);
  });
});

describe('findDuplicateKey', () => {
  const check = (text: string) => findDuplicateKey(text, JSON.parse(text));
  it('finds a key repeated in an object inside an array, with both lines', async () => {
    await expect(check('{"list": [\n {"a": 1},\n {"b": 1,\n  "b": 2}\n]}')).resolves.toEqual({ key: 'b', lines: [3, 4] });
  });

  it('finds none where keys repeat only across objects, or in strings that look like keys', async () => {
    await expect(check('{"a": {"x": 1}, "b": {"x": 1}, "c": ["\\"x\\": 1", {"x": [1, {"x": 2}]}]}')).resolves.toBeUndefined();
  });
});
