import type { z } from '../config/zod.js';
import type { MarkdownStyle } from '../core/body.js';
import type { XpostError } from '../errors/xpost-error.js';
import type { WritePacing } from '../http/pacer.js';
import type { ErrorTextReader, HttpClient, HttpRequest } from '../http/types.js';
import type { PlatformId, RenderTargetId } from './registry.js';

/** The text tools thread platforms measure, cut and link with (core/thread.ts), loaded only when a thread is rendered. */
export type ThreadKit = typeof import('../core/thread.js');

export type Env = Readonly<Record<string, string | undefined>>;

/** One environment variable a platform reads. */
export interface CredentialSpec {
  env: string;
  /** Required to publish; optional ones only refine behaviour. */
  required: boolean;
  /** True for tokens: masked everywhere and never shown. */
  secret: boolean;
  /** Where to get it, shown when it is missing or rejected. */
  howToGet: string;
  /** The platform setting that may provide it instead (non-secret values can live in the config file). */
  setting?: string;
}

/**
 * A non-secret setting: read from the platform's block of the config file, overridden by an
 * environment variable when one is set (e.g. LinkedIn's API version).
 */
export interface SettingSpec {
  /** The key adapters read from PlatformSettings. */
  key: string;
  /** The key in `platforms.<id>` of the config file. */
  configKey?: string;
  /** The environment variable that overrides the config file. */
  env?: string;
  /** Validates the config file's value; environment values are strings and are checked by the adapter. */
  schema?: z.ZodMiniType;
  /** One line for .env.example and `xpost init`, e.g. "LinkedIn API version YYYYMM". */
  describe: string;
}

/** The post as one platform should receive it, after templates, transforms and front-matter overrides. */
export interface RenderedPost {
  platform: PlatformId;
  title: string;
  description: string | undefined;
  /** Markdown for article platforms; plain share text for LinkedIn; a thread's parts joined by blank lines. */
  body: string;
  /** Thread platforms: the parts as the template separated them, not yet fitted to the platform's length. */
  parts?: string[];
  /** The author's tags for this platform, not yet fitted to the platform's rules. */
  tags: string[];
  canonicalUrl: string | undefined;
  coverImage: string | undefined;
  published: boolean;
  series: string | undefined;
  slug: string | undefined;
  date: string | undefined;
}

/** Non-secret per-platform settings (environment and config file), e.g. the LinkedIn API version. */
export type PlatformSettings = Readonly<Record<string, string | boolean | number | undefined>>;

/** What would be sent, computed without network or credentials, so dry-run shows exactly this. */
export interface PreparedRequest<Payload, Fingerprint = Payload> {
  /** The request body (or GraphQL variables) as sent; values only known at send time appear as <placeholders>. */
  payload: Payload;
  /** What the content hash covers: the post's content, not account ids resolved at send time. */
  fingerprint: Fingerprint;
  /** Human notes about changes made to fit the platform (tags renamed or dropped, ...). */
  notes: string[];
  /** Method and path, for dry-run display. */
  endpoint: string;
  /** Threads: each part's text and length as the platform counts it, in the order of the payload's parts. */
  parts?: PartView[];
}

/** One thread part as the dry-run and `render` show it: its text and its size as the platform counts it. */
export interface PartView {
  text: string;
  length: number;
  maxLength: number;
  /** What `length` counts, e.g. "graphemes". */
  unit: string;
  /** UTF-8 size, where the platform caps it too (Bluesky). */
  bytes?: number;
  maxBytes?: number;
}

/** A post as it exists on a platform. */
export interface RemoteRecord {
  id: string;
  url: string | undefined;
  /** Platform-specific facts kept in the state file with the record (e.g. Hashnode draft vs post). */
  meta?: Record<string, string>;
}

/** Account facts remembered in the state file between runs (the Medium author id, a Mastodon instance's length limit). */
export type AccountFacts = Readonly<Record<string, string>>;

/** An image fetched from anywhere (a post's cover), for platforms that upload it themselves. */
export interface DownloadedImage {
  bytes: Buffer;
  mimeType: string;
}

/** What an adapter may use while talking to its platform. */
export interface PlatformSession {
  http: HttpClient;
  env: Env;
  settings: PlatformSettings;
  /** Account facts remembered in the state file between runs (e.g. the Medium author id). */
  account: {
    get(key: string): string | undefined;
    set(key: string, value: string): Promise<void>;
  };
  /** Fetches an image by URL (not from the platform's origin); undefined when it cannot be had within `maxBytes`. Never throws. */
  downloadImage(url: string, maxBytes: number): Promise<DownloadedImage | undefined>;
}

/**
 * How a changed post is brought up to date: `update` sends it again, `on-force` only with --force
 * (LinkedIn shares), `none` never (Medium cannot edit posts).
 */
export type UpdateSupport = 'update' | 'on-force' | 'none';

/**
 * Everything xpost renders a post for, publishing or not (the X thread and the Reddit submission
 * are rendered for pasting): its template, what its `{{body}}` is, and how its text is shaped.
 */
export interface RenderTarget<Id extends string = RenderTargetId> {
  readonly id: Id;
  /** Display name, e.g. "dev.to". */
  readonly name: string;
  /** The template file in templates/ (a user's templates folder overrides it file by file). */
  readonly template: string;
  /** What `{{body}}` is in the template: the post's Markdown in the platform's style (embeds, tables), or the post as plain text. */
  readonly body: { readonly format: 'markdown'; readonly style: MarkdownStyle } | { readonly format: 'plain' };
  /** An article (title and body), or a thread whose parts the template separates with `---` lines. */
  readonly shape: 'article' | 'thread';
  /** Threads: how parts are measured and cut, from the account's facts where the limit is the account's (a Mastodon instance). */
  readonly fitThread?: (kit: ThreadKit, account: AccountFacts) => ThreadFit;
  /** The delay after the post's date that `xpost init` writes into the config's schedule (the author's calendar). */
  readonly initSchedule?: string;
  /** A comment `xpost init` puts beside that schedule line. */
  readonly initScheduleComment?: string;
}

/** How a thread platform counts and cuts its parts (core/thread.ts `splitThread` does the cutting). */
export interface ThreadFit {
  maxLength: number;
  measure: (text: string) => number;
  /** What `measure` counts, e.g. "graphemes", shown beside each part's length. */
  unit: string;
  /** UTF-8 bytes per part, where the platform caps them too. */
  maxBytes?: number;
}

/** What every platform declares, whatever the shape of what it publishes. */
interface PlatformBase<Id extends string> extends RenderTarget<Id> {
  readonly defaultOrigin: string;
  /** The setting that holds the platform's origin when it is the user's own server (a Mastodon instance); XPOST_<ID>_API_URL still wins. */
  readonly originSetting?: string;
  readonly credentials: readonly CredentialSpec[];
  /** Non-secret settings from the config file's `platforms.<id>` block and the environment. */
  readonly settings: readonly SettingSpec[];
  readonly updateSupport: UpdateSupport;
  /** Where a user checks their posts by hand when xpost cannot look them up. */
  readonly manageUrl: string;
  /** Payload fields holding the post's text: the dry-run shows them verbatim under the request. */
  readonly bodyFields: readonly string[];
  /** The platform's block in the config file `xpost init` writes, as commented YAML lines. */
  readonly initConfig: readonly string[];
  /** Published write limits to stay under, so a batch of posts never collects 429s. */
  readonly writePacing?: WritePacing;
  /** Seconds a new post may take to appear in `find` (a cached search); no second create is sent sooner. */
  readonly searchLagSeconds?: number;
  /** Posts the platform accepts a day; a run planning more says so before it starts (the rest fail with the platform's daily limit). */
  readonly dailyCreateLimit?: number;
  /** Headers for every request: credentials and protocol versions. */
  requestHeaders(env: Env, settings: PlatformSettings): Record<string, string>;
  readErrorText: ErrorTextReader;
  /** Adds the platform's meaning and the user's next step to a failed request (e.g. "the token expired: ..."). */
  explainError?(failure: XpostError, request: HttpRequest, settings: PlatformSettings): XpostError;
  /** Why this post is not sent to the platform at all (e.g. a draft where the platform has no drafts). */
  skipReason?(post: RenderedPost): string | undefined;
  /** Looks up and remembers account facts a create needs (author ids, an instance's limits), before anything is written. */
  resolveAccount?(session: PlatformSession): Promise<void>;
  /** Looks for an existing copy of the post (by canonical URL or slug); absent where the platform cannot search. */
  find?(session: PlatformSession, post: RenderedPost): Promise<RemoteRecord | undefined>;
}

/** A platform that publishes the post as one article (or share): one create, then updates. */
export interface ArticleAdapter<Payload = unknown, Fingerprint = Payload, Id extends string = PlatformId> extends PlatformBase<Id> {
  readonly shape: 'article';
  /** Pure: fits the post to the platform or throws XpostError('PAYLOAD_INVALID'). */
  prepare(post: RenderedPost, settings: PlatformSettings, env: Env): PreparedRequest<Payload, Fingerprint>;
  create(session: PlatformSession, prepared: PreparedRequest<Payload, Fingerprint>, post: RenderedPost): Promise<RemoteRecord>;
  /** Only called when updateSupport is not `none`. */
  update(session: PlatformSession, remote: RemoteRecord, prepared: PreparedRequest<Payload, Fingerprint>, post: RenderedPost): Promise<RemoteRecord>;
}

/** One posted part of a thread, as the state file records it. */
export interface PostedPart {
  /** The key it was created under (a Bluesky record key, a Mastodon Idempotency-Key), chosen and recorded before it was sent. */
  key: string;
  id: string;
  url: string | undefined;
  /** What a reply to it needs besides its id (Bluesky: its CID). */
  meta?: Record<string, string>;
}

/** Where a part goes: the part it answers and the thread's first part, both undefined for the first. */
export interface PartPlace {
  index: number;
  /** Chosen and recorded before the first attempt; the same on every retry and run. */
  key: string;
  root: PostedPart | undefined;
  parent: PostedPart | undefined;
  post: RenderedPost;
}

/**
 * After a part's outcome was in doubt: found (it exists), or send (sending it again under the same key
 * cannot make a second copy: Bluesky has no record under the key, a Mastodon key is still valid).
 * A recovery that cannot tell throws, and the part stays in doubt.
 */
export type PartRecovery = { kind: 'found'; part: PostedPart } | { kind: 'send' };

/** One part made ready: its request body (send-time values as <placeholders>) and what its content hash covers. */
export interface PreparedPart<Part> {
  payload: Part;
  fingerprint: unknown;
}

/** What core/thread-protocol.ts needs to post, resume and edit a thread one part at a time. */
export interface ThreadOperations<Part> {
  /** Method and path, for dry-run display. */
  readonly endpoint: string;
  /** Pure: one fitted part's request; links, tags and cards are found here (with the kit's tools). */
  preparePart(text: string, context: { index: number; total: number; post: RenderedPost; settings: PlatformSettings; kit: ThreadKit }): PreparedPart<Part>;
  /** A new key for a part, recorded in the state before the part is sent. */
  newKey(): Promise<string>;
  /** Sends one part; throws XpostError (platformCode PARENT_GONE when the part it answers was deleted). */
  createPart(session: PlatformSession, part: Part, place: PartPlace): Promise<PostedPart>;
  /** After a part's outcome was in doubt (`sentAt`: when its key was first sent): is it there under its key, or is sending it again safe? */
  recoverPart(session: PlatformSession, part: Part, place: PartPlace, sentAt: string, now: Date): Promise<PartRecovery>;
  /** Whether a part posted by an earlier run still exists, for platforms that accept replies to deleted posts. */
  partExists?(session: PlatformSession, part: PostedPart): Promise<boolean>;
  /** Platforms that edit posts in place (with --force). */
  editPart?(session: PlatformSession, posted: PostedPart, part: Part): Promise<PostedPart>;
  deletePart?(session: PlatformSession, posted: PostedPart): Promise<void>;
}

/** A platform that publishes the post as a thread of short posts, each one created, recorded and resumed on its own. */
export interface ThreadAdapter<Part = unknown, Id extends string = PlatformId> extends PlatformBase<Id> {
  readonly shape: 'thread';
  readonly fitThread: (kit: ThreadKit, account: AccountFacts) => ThreadFit;
  readonly thread: ThreadOperations<Part>;
}

/** A platform xpost publishes to. Each adapter names its id literally; elsewhere the id is any registered one. */
export type PlatformAdapter<Id extends string = PlatformId> = ArticleAdapter<unknown, unknown, Id> | ThreadAdapter<unknown, Id>;
