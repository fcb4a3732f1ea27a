import { z } from 'zod';

export const STATE_VERSION = 1;

/** One post's copy on one platform. Unknown fields are kept so newer xpost versions can add some. */
export const platformRecordSchema = z
  .object({
    id: z.string().optional(),
    url: z.string().optional(),
    /** Hash of what was last sent; equal hash means "unchanged". */
    contentHash: z.string().optional(),
    /** Hash of the post file and setup it was rendered from: lets `status` skip rendering unchanged posts. */
    sourceHash: z.string().optional(),
    publishedAt: z.string().optional(),
    /** Platform-specific facts the adapter needs next time (e.g. whether a Hashnode copy is a draft). */
    meta: z.record(z.string(), z.string()).optional(),
    updatedAt: z.string().optional(),
    /** Set just before a create is sent and cleared when the platform answers (write-ahead intent). */
    pendingCreate: z
      .object({ contentHash: z.string(), startedAt: z.string() })
      .loose()
      .optional(),
    lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).loose().optional(),
  })
  .loose();

export const postRecordSchema = z
  .object({
    /** Where the post was last seen, relative to the state file; informational, identity is the key. */
    file: z.string().optional(),
    platforms: z.record(z.string(), platformRecordSchema).default({}),
  })
  .loose();

export const stateFileSchema = z
  .object({
    version: z.literal(STATE_VERSION, { error: `must be ${STATE_VERSION}` }),
    posts: z.record(z.string(), postRecordSchema).default({}),
    /** Per-platform account facts worth remembering between runs (e.g. the Medium author id). */
    accounts: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .loose();

export type PlatformRecord = z.infer<typeof platformRecordSchema>;
export type PostRecord = z.infer<typeof postRecordSchema>;
export type StateFile = z.infer<typeof stateFileSchema>;
