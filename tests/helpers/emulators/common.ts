/**
 * What every platform emulator shares: the request it is handed, the answer it gives, the shape a
 * platform module exports to join the server's list, and a few small parsing helpers.
 */

export interface GraphqlSummary {
  operationType: 'query' | 'mutation' | 'subscription';
  operationName: string | null;
  /** Top-level fields of the executed operation, e.g. ['publishPost']. */
  rootFields: string[];
  variables: Record<string, unknown>;
}

/** A request as the server recorded it; `platform` and `fault` are narrowed by the server's own type. */
export interface EmulatedRequest {
  /** 1-based arrival order across all platforms. */
  seq: number;
  platform: string;
  method: string;
  /** Path without the query string, percent-encoding kept as sent. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawBody: string;
  /** The body exactly as received (blob uploads are binary). */
  rawBytes: Buffer;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  /** Hashnode only: what the GraphQL document asks for, when it parses. */
  graphql: GraphqlSummary | null;
  /** The injected fault that answered (or delayed) this request. */
  fault: string | null;
}

/** What an emulator answers: JSON `body`, raw `text`, or neither for an empty body. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  text?: string;
}

export interface PlatformEmulator {
  handle(request: EmulatedRequest): EmulatorResponse | Promise<EmulatorResponse>;
  /** An error in the platform's own shape, used for injected faults. */
  errorResponse(status: number, message: string): EmulatorResponse;
  rateLimitResponse(retryAfterSeconds: number | undefined, style: 'json' | 'text'): EmulatorResponse;
  /** Stores and configuration back to how the emulator was created. */
  reset(): void;
}

/**
 * One platform's entry in the server's list: its name, which requests it answers, which of those
 * change something, the fake credentials it accepts by default and how to build it from the
 * server options. `Options` holds only this platform's keys (prefixed with its name).
 */
export interface EmulatorDefinition<Name extends string, Emulator extends PlatformEmulator, Options extends object, Credentials extends object> {
  readonly name: Name;
  handles(method: string, path: string): boolean;
  isWrite(request: EmulatedRequest): boolean;
  readonly credentials: Credentials;
  create(options: Options, now: () => Date): Emulator;
  /** Adds platform details to a request right after it is recorded. */
  annotate?(request: EmulatedRequest): void;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isJsonRequest(request: EmulatedRequest): boolean {
  return /^application\/json\b/i.test(request.headers['content-type'] ?? '');
}

export function bearerToken(request: EmulatedRequest): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers['authorization'] ?? '');
  return match?.[1]?.trim();
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function readingMinutes(text: string): number {
  return Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length / 200));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** User-perceived characters (extended grapheme clusters), as Bluesky and Mastodon count them. */
export function graphemeLength(text: string): number {
  let count = 0;
  for (const _segment of graphemes.segment(text)) count += 1;
  return count;
}

/** Fixed-window counter; `reset` is when the current window ends. */
export class RateWindow {
  private used = 0;
  private windowStart = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Spends `points` if they fit; false (nothing spent) when the window is exhausted. */
  take(now: Date, points = 1): boolean {
    this.roll(now);
    if (this.used + points > this.limit) return false;
    this.used += points;
    return true;
  }

  remaining(now: Date): number {
    this.roll(now);
    return Math.max(0, this.limit - this.used);
  }

  resetAt(now: Date): Date {
    this.roll(now);
    return new Date(this.windowStart + this.windowMs);
  }

  exhaust(now: Date): void {
    this.roll(now);
    this.used = this.limit;
  }

  clear(): void {
    this.used = 0;
    this.windowStart = Number.NEGATIVE_INFINITY;
  }

  /** Windows are aligned to the epoch, as Rack::Attack's are. */
  private roll(now: Date): void {
    const start = Math.floor(now.getTime() / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
  }
}
