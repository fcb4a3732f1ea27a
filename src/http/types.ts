/** The HTTP surface adapters see; axios stays behind it in src/http/client.ts. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path on the platform origin, e.g. /api/articles. */
  path: string;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * False for requests that create something (a second copy would be a duplicate): after the request
   * may have reached the server they are never re-sent, the caller reconciles instead. Defaults to
   * true for GET/PUT/DELETE and false for POST/PATCH.
   */
  idempotent?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

export interface HttpClient {
  /** Resolves for 2xx; throws an XpostError (already mapped and redacted) for everything else. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

/** Turns a platform's non-2xx answer into words; each adapter knows its platform's error shape. */
export type ErrorTextReader = (
  status: number,
  data: unknown,
) => {
  message?: string;
  platformCode?: string;
  /** False when the platform's own words say waiting minutes will not help (e.g. a daily limit). */
  retryable?: boolean;
};

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** First backoff delay; doubles each attempt, with jitter. */
  baseDelayMs: number;
  /** Give up rather than wait longer than this in total (Retry-After included). */
  maxTotalWaitMs: number;
}

export interface HttpClientOptions {
  platformName: string;
  /** scheme://host[:port] */
  origin: string;
  headers: Record<string, string>;
  timeoutMs: number;
  retry: RetryPolicy;
  readErrorText: ErrorTextReader;
  /** Called before each retry so the user can see why the run pauses. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Told about every exchange (method, path, status, time) for --debug; never given headers or bodies. */
  onExchange?: (line: string) => void;
  /** Masks secrets in error bodies before the adapter words (and cuts) them. */
  redact?: (text: string) => string;
  /** Waits between attempts; injectable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

export type HttpClientFactory = (options: HttpClientOptions) => HttpClient;
