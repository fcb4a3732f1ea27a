import { RENDER_TARGET_IDS, type RenderTargetId } from '../platforms/registry.js';
import { durationText } from './config-schema.js';
import { httpUrl, tagList, z } from './zod.js';

const canonicalUrl = httpUrl('must be an absolute http(s) URL, e.g. https://example.com/blog/my-post/');
const optionalText = z.optional(z.string({ error: 'must be text' }).check(z.trim()));
const optionalFlag = z.optional(z.boolean({ error: 'must be true or false' }));

/** YAML turns `date: 2026-01-31` into a Date; a quoted date stays a string. Both are accepted. */
const dateValue = z.pipe(
  z.union([z.date(), z.string().check(z.trim(), z.minLength(1))], { error: 'must be a date such as 2026-01-31' }),
  z.transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.issues.push({ code: 'custom', message: `"${String(value)}" is not a date; use YYYY-MM-DD or an ISO 8601 time`, input: value });
      return z.NEVER;
    }
    if (!(value instanceof Date)) return value;
    // YAML reads both `2026-11-02` and `2026-11-02T22:00:00-05:00` as a Date: only a plain date lands on UTC midnight.
    const iso = date.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }),
);

/** Fields a platform block may override; anything else in the block is kept for the adapter. */
const platformOverride = z.looseObject({
  title: optionalText,
  description: optionalText,
  tags: z.optional(tagList),
  canonical_url: z.optional(canonicalUrl),
  cover_image: optionalText,
  published: optionalFlag,
  series: optionalText,
  slug: optionalText,
});

export type PlatformOverride = z.infer<typeof platformOverride>;

/** One override block per render target, e.g. `devto: { tags: [...] }`. */
const platformBlocks = Object.fromEntries(RENDER_TARGET_IDS.map((id) => [id, z.optional(platformOverride)])) as Record<RenderTargetId, z.ZodMiniOptional<typeof platformOverride>>;

export const frontMatterSchema = z.looseObject({
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
  /** Static-site drafts (Hugo, Jekyll, Eleventy): never cross-posted while true. */
  draft: optionalFlag,
  /** Per-platform delay after `date`, overriding the config's schedule, e.g. { medium: 30d, devto: 0 }. */
  schedule: z.optional(z.record(z.string(), durationText)),
  date: z.optional(dateValue),
  slug: optionalText,
  series: optionalText,
  ...platformBlocks,
});

export type FrontMatter = z.output<typeof frontMatterSchema>;
