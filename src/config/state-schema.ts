import { z } from './zod.js';

export const STATE_VERSION = 2;

/** The write-ahead intent of a create: set just before it is sent, cleared once its outcome is known. */
export const pendingCreateSchema = z.looseObject({ contentHash: z.string(), startedAt: z.string() });

/** One part of a thread: its key is recorded before it is sent, its id once it exists. */
export const threadPartSchema = z.looseObject({
  /** The key the part is created under (a Bluesky record key, a Mastodon Idempotency-Key). */
  key: z.string(),
  /** When the key was first sent; only while the part's outcome is unknown. */
  sentAt: z.optional(z.string()),
  id: z.optional(z.string()),
  url: z.optional(z.string()),
  /** Hash of what the part holds, so an edit (--force) skips the parts that did not change. */
  hash: z.optional(z.string()),
  /** What a reply to the part needs besides its id (Bluesky: its CID). */
  meta: z.optional(z.record(z.string(), z.string())),
});

/** A thread, posted or being posted: its parts in order, only the last of which may lack an id. */
export const threadRecordSchema = z.looseObject({
  /** How many parts the thread has as last sent. */
  total: z.number(),
  parts: z.array(threadPartSchema),
});

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
  pendingCreate: z.optional(pendingCreateSchema),
  /** Thread platforms: every part; `id` and `url` above are the first part's. */
  thread: z.optional(threadRecordSchema),
  /** The last failure, its message masked like every text that leaves xpost. */
  lastError: z.optional(z.looseObject({ code: z.string(), message: z.string(), at: z.string() })),
});

/**
 * One post, keyed in the state by its identity (the normalised canonical URL, `slug:<slug>`, or the
 * file path relative to the state file). The record is bound to the file that made it.
 */
export const postRecordSchema = z.looseObject({
  /** The source file, relative to the state file: no other file may take this record over while it exists. */
  file: z.optional(z.string()),
  /** The canonical URL as last sent (the key holds it normalised). */
  canonicalUrl: z.optional(z.string()),
  /** Hash of the post's body when a copy was last recorded: recognises the post after a move or rename. */
  fingerprint: z.optional(z.string()),
  platforms: z._default(z.record(z.string(), platformRecordSchema), {}),
});

export const stateFileSchema = z.looseObject({
  version: z.literal(STATE_VERSION, { error: `must be ${STATE_VERSION}` }),
  posts: z._default(z.record(z.string(), postRecordSchema), {}),
  /** Per-platform account facts worth remembering between runs (e.g. the Medium author id). */
  accounts: z._default(z.record(z.string(), z.record(z.string(), z.string())), {}),
});

export type PendingCreate = z.infer<typeof pendingCreateSchema>;
export type ThreadRecord = z.infer<typeof threadRecordSchema>;
export type ThreadPartRecord = z.infer<typeof threadPartSchema>;
export type PlatformRecord = z.infer<typeof platformRecordSchema>;
export type PostRecord = z.infer<typeof postRecordSchema>;
export type StateFile = z.infer<typeof stateFileSchema>;
