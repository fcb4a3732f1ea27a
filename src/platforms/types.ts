import type { z } from '../config/zod.js';
import type { MarkdownStyle } from '../core/body.js';
import type { XpostError } from '../errors/xpost-error.js';
import type { WritePacing } from '../http/pacer.js';
import type { ErrorTextReader, HttpClient, HttpRequest } from '../http/types.js';
import type { PlatformId, RenderTargetId } from './registry.js';

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
  /** Markdown for article platforms; plain share text for LinkedIn. */
  body: string;
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
}

/** A post as it exists on a platform. */
export interface RemoteRecord {
  id: string;
  url: string | undefined;
  /** Platform-specific facts kept in the state file with the record (e.g. Hashnode draft vs post). */
  meta?: Record<string, string>;
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
  /** The delay after the post's date that `xpost init` writes into the config's schedule (the author's calendar). */
  readonly initSchedule?: string;
  /** A comment `xpost init` puts beside that schedule line. */
  readonly initScheduleComment?: string;
}

/** A platform xpost publishes to. Each adapter names its id literally; elsewhere the id is any registered one. */
export interface PlatformAdapter<Payload = unknown, Fingerprint = Payload, Id extends string = PlatformId> extends RenderTarget<Id> {
  readonly defaultOrigin: string;
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
  /** Headers for every request: credentials and protocol versions. */
  requestHeaders(env: Env, settings: PlatformSettings): Record<string, string>;
  readErrorText: ErrorTextReader;
  /** Adds the platform's meaning and the user's next step to a failed request (e.g. "the token expired: ..."). */
  explainError?(failure: XpostError, request: HttpRequest, settings: PlatformSettings): XpostError;
  /** Why this post is not sent to the platform at all (e.g. a draft where the platform has no drafts). */
  skipReason?(post: RenderedPost): string | undefined;
  /** Pure: fits the post to the platform or throws XpostError('PAYLOAD_INVALID'). */
  prepare(post: RenderedPost, settings: PlatformSettings, env: Env): PreparedRequest<Payload, Fingerprint>;
  /** Looks up and remembers account facts a create needs (author ids), before the create's intent is recorded. */
  resolveAccount?(session: PlatformSession): Promise<void>;
  create(session: PlatformSession, prepared: PreparedRequest<Payload, Fingerprint>, post: RenderedPost): Promise<RemoteRecord>;
  /** Only called when updateSupport is not `none`. */
  update(session: PlatformSession, remote: RemoteRecord, prepared: PreparedRequest<Payload, Fingerprint>, post: RenderedPost): Promise<RemoteRecord>;
  /** Looks for an existing copy of the post (by canonical URL or slug); absent where the platform cannot search. */
  find?(session: PlatformSession, post: RenderedPost): Promise<RemoteRecord | undefined>;
}
