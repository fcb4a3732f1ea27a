import { z } from 'zod';

const httpUrl = z.string().trim().refine(
  (value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { error: 'must be an absolute http(s) URL' },
);

const tagList = z
  .union([z.array(z.string()), z.string()], { error: 'must be a list of tags or a comma-separated string' })
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((tag) => tag.trim()).filter(Boolean));

/** A number with an optional unit: weeks, days (the default), hours or minutes. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(w|d|h|m)?$/;

/** "7d", "36h", "90m", "0": how long after the post's date a platform is due. */
export const durationText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .refine((value) => DURATION_PATTERN.test(value), { error: 'must be a duration such as 7d, 36h, 90m or 0' });

/** Settings every platform block accepts. */
const commonPlatformConfig = {
  /** false leaves the platform out of `--to all` and of runs without --to. */
  enabled: z.boolean().optional(),
  /** Default publish status for posts that do not say `published:` themselves. */
  published: z.boolean().optional(),
  /** Tags used for this platform instead of the post's own (front matter blocks still win). */
  tags: tagList.optional(),
};

export const configSchema = z
  .object({
    site: z
      .object({
        url: httpUrl,
        name: z.string().optional(),
        /** e.g. "{site}/blog/posts/{slug}/": the canonical URL of a post that does not set one. */
        canonical: z.string().optional(),
      })
      .strict()
      .optional(),
    author: z
      .object({
        name: z.string().optional(),
        role: z.string().optional(),
        bio: z.string().optional(),
        /** Named links shown by the templates: portfolio, blog, linkedin, x, github, email, ... */
        links: z.record(z.string(), z.string()).optional(),
        /** X handle without the @, used by the thread template. */
        x_handle: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Folder of user templates; a file there replaces the built-in template of the same name. */
    templates: z.string().optional(),
    platforms: z
      .object({
        devto: z.object(commonPlatformConfig).strict().optional(),
        hashnode: z
          .object({ ...commonPlatformConfig, publication_id: z.string().optional() })
          .strict()
          .optional(),
        medium: z
          .object({
            ...commonPlatformConfig,
            publish_status: z.enum(['public', 'draft', 'unlisted']).optional(),
            notify_followers: z.boolean().optional(),
          })
          .strict()
          .optional(),
        linkedin: z
          .object({
            ...commonPlatformConfig,
            version: z.string().regex(/^\d{6}$/, { error: 'must be a LinkedIn API version YYYYMM, e.g. 202610' }).optional(),
            author_urn: z.string().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** Delay after the post's date before each platform is due, e.g. { devto: 7d, medium: 21d }. */
    schedule: z.record(z.string(), durationText).optional(),
    /** Time zone for dates without a time (IANA name), default UTC. */
    timezone: z
      .string()
      .refine(
        (value) => {
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: value });
            return true;
          } catch {
            return false;
          }
        },
        { error: 'must be an IANA time zone such as UTC or Europe/Berlin' },
      )
      .optional(),
    /** Which posts found in folders and globs are left alone. */
    posts: z
      .object({
        /** Skip posts with `published: false` instead of creating drafts on the platforms. */
        skip_unpublished: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type XpostConfig = z.infer<typeof configSchema>;
