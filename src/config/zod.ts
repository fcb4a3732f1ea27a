/**
 * The zod build every schema uses: zod/mini tree-shakes to a few dozen KB where classic zod bundles
 * its whole API, which every command would pay for at start-up. `z` is the namespace of the functions
 * imported by name in zod-functions.ts, not of zod/mini itself, whose namespace carries every locale.
 * English messages for the cases our schemas do not word themselves.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import * as z from './zod-functions.js';

config(en());

export { z };

/** An absolute http(s) URL, trimmed. */
export function httpUrl(error: string) {
  return z.string().check(
    z.trim(),
    z.refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, { error }),
  );
}

/** Tags may be a YAML list or one comma-separated string; either way a clean list comes out. */
export const tagList = z.pipe(
  z.union([z.array(z.union([z.string(), z.number()])), z.string()], { error: 'must be a list of tags or a comma-separated string' }),
  z.transform((value) => (Array.isArray(value) ? value.map(String) : value.split(',')).map((tag) => tag.trim()).filter((tag) => tag.length > 0)),
);
