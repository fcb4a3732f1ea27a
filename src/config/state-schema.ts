import { z } from './zod.js';

export const STATE_VERSION = 1;

/** One post's copy on one platform. Unknown fields are kept so newer xpost versions can add some. */
export const platformRecordSchema = z.looseObject({
  id: z.optional(z.string()),
  url: z.optional(z.string()),
  /** Hash of what was last sent; equal hash means "unchanged". */
  contentHash: z.optional(z.string()),
  /** Hash of the post file and setup it was rendered from: lets `status` skip rendering unchanged posts. */
  sourceHash: z.optional(z.string()),
  publishedAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  /** Platform-specific facts the adapter needs next time (e.g. whether a Hashnode copy is a draft). */
  meta: z.optional(z.record(z.string(), z.string())),
  /** Set just before a create is sent and cleared when the platform answers (write-ahead intent). */
  pendingCreate: z.optional(z.looseObject({ contentHash: z.string(), startedAt: z.string() })),
  lastError: z.optional(z.looseObject({ code: z.string(), message: z.string(), at: z.string() })),
});

export const postRecordSchema = z.looseObject({
  /** Where the post was last seen, relative to the state file; informational, identity is the key. */
  file: z.optional(z.string()),
  platforms: z._default(z.record(z.string(), platformRecordSchema), {}),
});

export const stateFileSchema = z.looseObject({
  version: z.literal(STATE_VERSION, { error: `must be ${STATE_VERSION}` }),
  posts: z._default(z.record(z.string(), postRecordSchema), {}),
  /** Per-platform account facts worth remembering between runs (e.g. the Medium author id). */
  accounts: z._default(z.record(z.string(), z.record(z.string(), z.string())), {}),
});

export type PlatformRecord = z.infer<typeof platformRecordSchema>;
export type PostRecord = z.infer<typeof postRecordSchema>;
export type StateFile = z.infer<typeof stateFileSchema>;
