import { describe, expect, it, vi } from 'vitest';
import { findDuplicateKey } from '../../src/state/json-duplicates.js';

// The real parser, watched: a state file without a repeated key must never load it (start-up is benchmarked).
vi.mock('@humanwhocodes/momoa', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@humanwhocodes/momoa')>();
  return { ...actual, parse: vi.fn(actual.parse) };
});

const { parse } = await import('@humanwhocodes/momoa');

const check = (text: string) => findDuplicateKey(text, JSON.parse(text));

describe('findDuplicateKey: the full parser only where keys are missing from the parsed value', () => {
  it.each([
    ['an empty object', '{}'],
    ['nested objects', '{"version": 2, "posts": {"slug:a": {"file": "a.md", "platforms": {"devto": {"id": "1"}}}}, "accounts": {}}'],
    ['objects inside arrays, and values of every kind', '{"thread": {"total": 2, "parts": [{"key": "k1", "id": "1"}, {"key": "k2"}, [], [{"deep": null}]]}, "n": 1, "t": true, "z": null, "s": "x"}'],
    ['an array at the top', '[{"a": 1}, {"b": {"c": 2}}, 3, "d"]'],
    ['a scalar', '"just text"'],
  ])('%s: counted, not parsed again', async (_name, text) => {
    vi.mocked(parse).mockClear();
    await expect(check(text)).resolves.toBeUndefined();
    expect(parse).not.toHaveBeenCalled();
  });

  it('a repeated key is found with the full parser, with both lines', async () => {
    vi.mocked(parse).mockClear();
    await expect(check('{"posts": {\n"a": 1,\n"a": 2}}')).resolves.toEqual({ key: 'a', lines: [2, 3] });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('the first repeated key is the one named, when there are several', async () => {
    await expect(check('{"a": {"x": 1,\n"x": 2},\n"b": {"y": 1,\n"y": 2}}')).resolves.toEqual({ key: 'x', lines: [1, 2] });
  });
});
