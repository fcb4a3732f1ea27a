import { RENDER_TARGET_IDS, type RenderTargetId } from '../platforms/registry.js';
import { durationText } from './config-schema.js';
import { httpUrl, tagList, z } from './zod.js';

/**
 * The front matter after load-post has put each field under its xpost name (pubDate → date,
 * heroImage → cover_image, ...) and dropped empty values; every message here reads after
 * `front matter field "<name>"`.
 */
const canonicalUrl = httpUrl('must be an absolute http(s) URL, e.g. https://example.com/blog/my-post/');
const text = z.string({ error: 'must be text' }).check(z.trim());
const optionalText = z.optional(text);
const optionalFlag = z.optional(z.boolean({ error: 'must be true or false' }));

/** Fields a platform block may override; anything else in the block is kept for the adapter. */
const platformOverride = z.looseObject(
  {
    title: optionalText,
    description: optionalText,
    tags: z.optional(tagList),
    canonical_url: z.optional(canonicalUrl),
    cover_image: optionalText,
    published: optionalFlag,
    series: optionalText,
    slug: optionalText,
  },
  { error: 'must be a block of fields, e.g. devto: { tags: [webdev] }' },
);

export type PlatformOverride = z.infer<typeof platformOverride>;

/** One override block per render target, e.g. `devto: { tags: [...] }`. */
const platformBlocks = Object.fromEntries(RENDER_TARGET_IDS.map((id) => [id, z.optional(platformOverride)])) as Record<RenderTargetId, z.ZodMiniOptional<typeof platformOverride>>;

export const frontMatterSchema = z.looseObject(
  {
    title: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required: add `title: Your post title`' : 'must be text') })
      .check(z.trim(), z.minLength(1, { error: 'must not be empty' })),
    description: optionalText,
    tags: z.optional(tagList),
    canonical_url: z.optional(canonicalUrl),
    cover_image: optionalText,
    /** Unset means "the config's default for the platform, else true". */
    published: optionalFlag,
    /** A closing question the templates put at the end of each copy. */
    question: optionalText,
    /** Static-site drafts (Hugo, Jekyll, Eleventy, Astro): never cross-posted while true. */
    draft: optionalFlag,
    /** Per-platform delay after `date`, overriding the config's schedule, e.g. { medium: 30d, devto: 0 }. */
    schedule: z.optional(z.record(z.string(), durationText, { error: 'must be a block of platform delays, e.g. schedule: { medium: 30d }' })),
    /** `YYYY-MM-DD` or the time as written; load-post has checked it is a calendar date. */
    date: optionalText,
    slug: optionalText,
    /** One series; load-post keeps the first of a list. */
    series: z.optional(z.pipe(z.union([z.string(), z.number()], { error: 'must be text' }), z.transform((value) => String(value).trim()))),
    ...platformBlocks,
  },
  { error: 'must be a set of fields (key: value lines)' },
);

export type FrontMatter = z.output<typeof frontMatterSchema>;

/** Platform keys the front matter turned off (`devto: false`) and what it said under one that xpost ignores. */
export interface PlatformSwitches {
  off: RenderTargetId[];
  notes: string[];
}

/**
 * Takes out the front matter keys named after a platform whose value is not a block of fields:
 * `devto: false` leaves the post off that platform; anything else is the site's own field (a blog
 * linking its Bluesky thread as `bluesky: <URL>`) and is ignored with a note.
 */
export function takePlatformSwitches(data: Record<string, unknown>): PlatformSwitches {
  const switches: PlatformSwitches = { off: [], notes: [] };
  for (const id of RENDER_TARGET_IDS) {
    const value = data[id];
    if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date))) continue;
    delete data[id];
    if (value === false) switches.off.push(id);
    else switches.notes.push(`${id}: ${shortValue(value)} is not a block of ${id} fields (such as ${id}: { tags: [...] }) or false, so xpost ignores it`);
  }
  return switches;
}

/** A value as the note quotes it: a list is not walked, since front matter may nest deeply. */
function shortValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
  return String(value);
}
