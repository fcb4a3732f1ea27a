import { userSyntaxConfigShape } from '../sources/syntax/config.js';
import { httpUrl, tagList, z } from './zod.js';

/** A number with an optional unit: weeks, days (the default), hours or minutes. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(w|d|h|m)?$/;

/** "7d", "36h", "90m", "0": how long after the post's date a platform is due. */
export const durationText = z.pipe(
  z.pipe(z.union([z.string(), z.number()]), z.transform((value) => String(value).trim())),
  z.string().check(z.refine((value) => DURATION_PATTERN.test(value), { error: 'must be a duration such as 7d, 36h, 90m or 0' })),
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
    z.strictObject({
      url: httpUrl('must be an absolute http(s) URL'),
      name: z.optional(z.string()),
      /** e.g. "{site}/blog/posts/{slug}/": the canonical URL of a post that does not set one. */
      canonical: z.optional(z.string()),
    }),
  ),
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
  platforms: z.optional(
    z.strictObject({
      devto: z.optional(z.strictObject(commonPlatformConfig)),
      hashnode: z.optional(z.strictObject({ ...commonPlatformConfig, publication_id: z.optional(z.string()) })),
      medium: z.optional(
        z.strictObject({
          ...commonPlatformConfig,
          publish_status: z.optional(z.enum(['public', 'draft', 'unlisted'])),
          notify_followers: z.optional(z.boolean()),
        }),
      ),
      linkedin: z.optional(
        z.strictObject({
          ...commonPlatformConfig,
          version: z.optional(z.string().check(z.regex(/^\d{6}$/, { error: 'must be a LinkedIn API version YYYYMM, e.g. 202606' }))),
          author_urn: z.optional(z.string()),
        }),
      ),
    }),
  ),
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
