import { z } from 'zod';
import { PUBLISH_PLATFORM_IDS } from '../platforms/ids.js';
import { durationText } from './config-schema.js';

/** Tags may be a YAML list or one comma-separated string; either way we keep a clean list. */
const tagList = z
  .union([z.array(z.union([z.string(), z.number()])), z.string()], {
    error: 'must be a list of tags or a comma-separated string',
  })
  .transform((value) => {
    const items = Array.isArray(value) ? value.map(String) : value.split(',');
    return items.map((tag) => tag.trim()).filter((tag) => tag.length > 0);
  });

const httpUrl = z.string().trim().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: 'must be an absolute http(s) URL, e.g. https://example.com/blog/my-post/' },
);

/** YAML turns `date: 2026-01-31` into a Date; a quoted date stays a string. Both are accepted. */
const dateValue = z.union([z.date(), z.string().trim().min(1)], { error: 'must be a date such as 2026-01-31' }).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a date; use YYYY-MM-DD or an ISO 8601 time` });
    return z.NEVER;
  }
  // YAML reads both `2026-11-02` and `2026-11-02T22:00:00-05:00` as a Date: only a plain date lands on UTC midnight.
  if (!(value instanceof Date)) return value;
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
});

const optionalText = z.string({ error: 'must be text' }).trim().optional();

/** Fields a platform block may override; anything else in the block is kept for the adapter. */
const platformOverride = z
  .object({
    title: optionalText,
    description: optionalText,
    tags: tagList.optional(),
    canonical_url: httpUrl.optional(),
    cover_image: optionalText,
    published: z.boolean({ error: 'must be true or false' }).optional(),
    series: optionalText,
    slug: optionalText,
  })
  .loose();

export type PlatformOverride = z.infer<typeof platformOverride>;

const platformBlocks = Object.fromEntries(PUBLISH_PLATFORM_IDS.map((id) => [id, platformOverride.optional()])) as Record<
  (typeof PUBLISH_PLATFORM_IDS)[number],
  z.ZodOptional<typeof platformOverride>
>;

export const frontMatterSchema = z
  .object({
    title: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required: add `title: Your post title`' : 'must be text') })
      .trim()
      .min(1, { error: 'must not be empty' }),
    description: optionalText,
    tags: tagList.optional(),
    canonical_url: httpUrl.optional(),
    cover_image: optionalText,
    /** Unset means "the config's default for the platform, else true". */
    published: z.boolean({ error: 'must be true or false' }).optional(),
    /** A closing question the templates put at the end of each copy. */
    question: optionalText,
    /** Static-site drafts (Hugo, Jekyll, Eleventy): never cross-posted while true. */
    draft: z.boolean({ error: 'must be true or false' }).optional(),
    /** Per-platform delay after `date`, overriding the config's schedule, e.g. { medium: 30d, devto: 0 }. */
    schedule: z.record(z.string(), durationText).optional(),
    date: dateValue.optional(),
    slug: optionalText,
    series: optionalText,
    ...platformBlocks,
  })
  .loose();

export type FrontMatter = z.output<typeof frontMatterSchema>;
