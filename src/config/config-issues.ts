import { closestMatch } from 'leven';
import { configSchema } from './config-schema.js';
import type { z } from './zod.js';

/**
 * Config validation issues in the user's words, each as `"<where>" <what>`: an unknown key with
 * the known key it is closest to (`ulr` → did you mean "url"?), a missing key as "is required",
 * a value of the wrong kind as what it must be, never validator wording. Loaded only when a config is invalid.
 */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[], data: unknown): string[] {
  // A typo explains the "required" that follows from it, so unknown keys are named first.
  const ordered = [...issues.filter((issue) => issue.code === 'unrecognized_keys'), ...issues.filter((issue) => issue.code !== 'unrecognized_keys')];
  return ordered.map((issue) => `"${issue.path.map(String).join('.') || '(top level)'}" ${issueText(issue, data)}`);
}

function issueText(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const known = configKeysAt(issue.path);
    return `unknown key ${issue.keys.map((key) => `"${key}"${suggestion(key, known)}`).join(', ')}`;
  }
  if (issue.code !== 'invalid_type') return issue.message;
  if (isMissing(data, issue.path)) return 'is required';
  // The schema's own words win; zod's English default ("Invalid input: expected string, received number") never shows.
  return issue.message.startsWith('Invalid input') ? (EXPECTED[issue.expected] ?? 'has the wrong kind of value') : issue.message;
}

const EXPECTED: Partial<Record<string, string>> = {
  string: 'must be text',
  boolean: 'must be true or false',
  number: 'must be a number',
  object: 'must be a block of keys (key: value lines)',
  array: 'must be a list',
};

function suggestion(key: string, known: readonly string[]): string {
  // Two edits catch a swapped pair or a dropped letter (ulr, tagz, schedul) without proposing unrelated keys.
  const closest = closestMatch(key.toLowerCase(), known, { maxDistance: key.length <= 2 ? 1 : 2 });
  return closest === undefined ? '' : ` (did you mean "${closest}"?)`;
}

/** The key is absent from the data (not present with a wrong value). */
function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  let current = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return true;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current === undefined;
}

/** The keys the config schema accepts at a path ("site", "platforms.devto"). */
function configKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType | undefined = configSchema;
  for (const key of path) schema = schema === undefined ? undefined : shapeOf(schema)?.[String(key)];
  return Object.keys((schema && shapeOf(schema)) ?? {});
}

/** An object schema's fields, looking through optional wrappers. */
function shapeOf(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | undefined {
  const def = schema._zod.def;
  if (def.type === 'optional') return shapeOf((def as z.core.$ZodOptionalDef).innerType);
  if (def.type === 'object') return (def as z.core.$ZodObjectDef).shape;
  return undefined;
}
