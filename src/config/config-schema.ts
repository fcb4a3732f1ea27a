import { allAdapters } from '../platforms/registry.js';
import type { PlatformAdapter } from '../platforms/types.js';
import { canonicalPatternProblem } from '../sources/canonical.js';
import { FIELD_PATH, XPOST_FIELDS } from '../sources/fields.js';
import { userSyntaxConfigShape } from '../sources/syntax/config.js';
import { httpUrl, tagList, z } from './zod.js';

/** A number with an optional unit: weeks, days (the default), hours or minutes. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(w|d|h|m)?$/;

/** The longest delay a schedule may give: ten years. A longer one is a typo, not a plan. */
export const MAX_DELAY_DAYS = 3650;
const DAYS_PER_UNIT: Record<string, number> = { w: 7, d: 1, h: 1 / 24, m: 1 / 1440 };

/** Days a duration stands for, or undefined when it is not one. */
export function durationDays(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  return match ? Number(match[1]) * DAYS_PER_UNIT[match[2] ?? 'd']! : undefined;
}

/** "7d", "36h", "90m", "0": how long after the post's date a platform is due. */
export const durationText = z.pipe(
  z.pipe(z.union([z.string(), z.number()], { error: 'must be a duration such as 7d, 36h, 90m or 0' }), z.transform((value) => String(value).trim())),
  z.string().check(
    z.refine((value) => DURATION_PATTERN.test(value), { error: 'must be a duration such as 7d, 36h, 90m or 0', abort: true }),
    z.refine((value) => (durationDays(value) ?? 0) <= MAX_DELAY_DAYS, { error: `must be at most ${MAX_DELAY_DAYS} days (10 years), e.g. 7d or 2w` }),
  ),
);

const FIELD_PATH_ERROR = 'must be a front matter field path such as hero.src or images[0]';

/** The config's `front_matter` map: which front matter path holds an xpost field, e.g. { cover_image: hero.src }. */
const frontMatterMap = z.strictObject(
  Object.fromEntries(
    XPOST_FIELDS.map((field) => [field, z.optional(z.string({ error: FIELD_PATH_ERROR }).check(z.trim(), z.regex(FIELD_PATH, { error: FIELD_PATH_ERROR })))]),
  ) as Record<(typeof XPOST_FIELDS)[number], z.ZodMiniOptional<z.ZodMiniString>>,
);

/** Settings every platform block accepts. */
const commonPlatformConfig = {
  /** false leaves the platform out of `--to all` and of runs without --to. */
  enabled: z.optional(z.boolean()),
  /** Default publish status for posts that do not say `published:` themselves. */
  published: z.optional(z.boolean()),
  /** Tags used for this platform instead of the post's own (front matter blocks still win). */
  tags: z.optional(tagList),
};

/** `platforms.<id>`: the common settings plus those the adapter declares, e.g. `publication_id` for Hashnode. */
function platformBlocks() {
  const blockOf = (adapter: PlatformAdapter) => {
    const declared = Object.fromEntries(
      adapter.settings.flatMap((setting) => (setting.configKey && setting.schema ? [[setting.configKey, z.optional(setting.schema)]] : [])),
    );
    return z.optional(z.strictObject({ ...commonPlatformConfig, ...declared }));
  };
  return Object.fromEntries(allAdapters().map((adapter) => [adapter.id, blockOf(adapter)]));
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z.strictObject({
  site: z.optional(
    z
      .strictObject({
        url: httpUrl('must be an absolute http(s) URL'),
        name: z.optional(z.string()),
        /** e.g. "{site}/blog/posts/{slug}/": the canonical URL of a post that does not set one (placeholders in src/sources/canonical.ts). */
        canonical: z.optional(z.string({ error: 'must be a URL pattern such as "{site}/blog/{slug}/"' }).check(z.trim())),
      })
      .check(
        z.superRefine((site, ctx) => {
          const problem = site.canonical === undefined ? undefined : canonicalPatternProblem(site.canonical, site.url);
          if (problem) ctx.addIssue({ code: 'custom', path: ['canonical'], message: problem, input: site.canonical });
        }),
      ),
  ),
  /** Where the posts' front matter keeps fields under other names, e.g. { cover_image: hero.src }. */
  front_matter: z.optional(frontMatterMap),
  author: z.optional(
    z.strictObject({
      name: z.optional(z.string()),
      role: z.optional(z.string()),
      bio: z.optional(z.string()),
      /** Named links shown by the templates: portfolio, blog, linkedin, x, github, email, ... */
      links: z.optional(z.record(z.string(), z.string())),
      /** X handle without the @, used by the thread template. */
      x_handle: z.optional(z.string()),
    }),
  ),
  /** Folder of user templates; a file there replaces the built-in template of the same name. */
  templates: z.optional(z.string()),
  /** One block per platform, its settings declared by the platform's adapter. */
  platforms: z.optional(z.strictObject(platformBlocks())),
  /** Delay after the post's date before each platform is due, e.g. { devto: 7d, medium: 21d }. */
  schedule: z.optional(z.record(z.string(), durationText)),
  /** Time zone for dates without a time (IANA name), default UTC. */
  timezone: z.optional(z.string().check(z.refine(isTimeZone, { error: 'must be an IANA time zone such as UTC or Europe/Berlin' }))),
  /** Site-generator syntax in post bodies: `shortcodes:` (Hugo, Liquid) and `components:` (MDX) mapped to Markdown or embeds. */
  ...userSyntaxConfigShape,
  /** Which posts found in folders and globs are left alone. */
  posts: z.optional(
    z.strictObject({
      /** Skip posts with `published: false` instead of creating drafts on the platforms. */
      skip_unpublished: z.optional(z.boolean()),
    }),
  ),
});

export type XpostConfig = z.infer<typeof configSchema>;
