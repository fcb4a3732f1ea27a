import type { WritePacing } from '../http/pacer.js';
import type { ErrorTextReader, HttpClient } from '../http/types.js';
import type { PlatformId } from './ids.js';

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
export interface PreparedRequest {
  /** The request body (or GraphQL variables) as sent; values only known at send time appear as <placeholders>. */
  payload: unknown;
  /** What the content hash covers: the post's content, not account ids resolved at send time. */
  fingerprint: unknown;
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

export interface PlatformAdapter {
  readonly id: PlatformId;
  /** Display name, e.g. "dev.to". */
  readonly name: string;
  readonly defaultOrigin: string;
  readonly credentials: readonly CredentialSpec[];
  readonly updateSupport: UpdateSupport;
  /** Where a user checks their posts by hand when xpost cannot look them up. */
  readonly manageUrl: string;
  /** Published write limits to stay under, so a batch of posts never collects 429s. */
  readonly writePacing?: WritePacing;
  /** Seconds a new post may take to appear in `find` (a cached search); no second create is sent sooner. */
  readonly searchLagSeconds?: number;
  /** Headers for every request: credentials and protocol versions. */
  requestHeaders(env: Env, settings: PlatformSettings): Record<string, string>;
  readErrorText: ErrorTextReader;
  /** Why this post is not sent to the platform at all (e.g. a draft where the platform has no drafts). */
  skipReason?(post: RenderedPost): string | undefined;
  /** Pure: fits the post to the platform or throws XpostError('PAYLOAD_INVALID'). */
  prepare(post: RenderedPost, settings: PlatformSettings, env: Env): PreparedRequest;
  /** Looks up and remembers account facts a create needs (author ids), before the create's intent is recorded. */
  resolveAccount?(session: PlatformSession): Promise<void>;
  create(session: PlatformSession, prepared: PreparedRequest, post: RenderedPost): Promise<RemoteRecord>;
  /** Only called when updateSupport is not `none`. */
  update(session: PlatformSession, remote: RemoteRecord, prepared: PreparedRequest, post: RenderedPost): Promise<RemoteRecord>;
  /** Looks for an existing copy of the post (by canonical URL or slug); absent where the platform cannot search. */
  find?(session: PlatformSession, post: RenderedPost): Promise<RemoteRecord | undefined>;
}
