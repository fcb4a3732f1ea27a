import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { XpostError, type ErrorCode } from '../errors/xpost-error.js';
import { USER_AGENT } from '../version.js';
import { redactDeep } from './redact.js';
import { backoffDelayMs, retryAfterSeconds } from './retry-after.js';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse } from './types.js';

/** Connection failures where the request never left this machine: always safe to send again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);
/** Worth sending again for a read or an idempotent write; a create is only re-sent after a 429 (the platform refused it). */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'REJECTED',
  401: 'AUTH_FAILED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'DUPLICATE',
  422: 'REJECTED',
  429: 'RATE_LIMITED',
};

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const instance = axios.create({
    baseURL: options.origin,
    timeout: options.timeoutMs,
    headers: { 'User-Agent': USER_AGENT, ...options.headers },
    validateStatus: () => true,
    // A redirect means the wrong origin (Hashnode's retired host 301s to HTML): report it, do not follow it.
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
  });
  return { request: (request) => sendWithRetries(instance, options, request) };
}

async function sendWithRetries<T>(instance: AxiosInstance, options: HttpClientOptions, request: HttpRequest): Promise<HttpResponse<T>> {
  const idempotent = request.idempotent ?? !['POST', 'PATCH'].includes(request.method);
  const sleep = options.sleep ?? defaultSleep;
  let waitedMs = 0;

  for (let attempt = 1; ; attempt += 1) {
    let failure: XpostError;
    const startedAt = Date.now();
    const describe = (outcome: string) => options.onExchange?.(`${options.platformName}: ${request.method} ${request.path} → ${outcome} (${Date.now() - startedAt} ms, attempt ${attempt})`);
    try {
      const response = await instance.request<T>({
        method: request.method,
        url: request.path,
        params: request.query,
        data: request.body,
        headers: request.headers,
      });
      describe(String(response.status));
      if (response.status >= 200 && response.status < 300) {
        // An unparsable body reaches the adapter as text, and adapters quote text in their errors.
        const data = typeof response.data === 'string' && options.redact ? (options.redact(response.data) as T) : response.data;
        return { status: response.status, headers: flattenHeaders(response), data };
      }
      failure = statusError(options, response, idempotent);
    } catch (error) {
      failure = transportError(options, error, idempotent);
      describe(failure.code);
    }

    const delayMs = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : backoffDelayMs(attempt, options.retry.baseDelayMs);
    const outOfBudget = attempt >= options.retry.maxAttempts || waitedMs + delayMs > options.retry.maxTotalWaitMs;
    if (!failure.retryable || outOfBudget) throw failure;
    options.onRetry?.({ attempt, delayMs, reason: failure.message });
    await sleep(delayMs);
    waitedMs += delayMs;
  }
}

function statusError(options: HttpClientOptions, response: AxiosResponse, idempotent: boolean): XpostError {
  const headers = flattenHeaders(response);
  // Masked before the adapter reads it: adapters cut long texts, and a cut token no longer matches its mask.
  const data = options.redact ? redactDeep(response.data, options.redact) : response.data;
  const { message, platformCode, retryable } = options.readErrorText(response.status, data);
  const code: ErrorCode =
    platformCode === 'DUPLICATE' ? 'DUPLICATE' : (CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? 'SERVER_ERROR' : 'REJECTED'));
  const wait = response.status === 429 ? retryAfterSeconds(headers, data) : undefined;
  // Any 5xx may come after the platform applied the write (a gateway, a crash before answering): never re-sent blindly.
  if (response.status >= 500 && !idempotent) {
    return new XpostError(
      'OUTCOME_UNKNOWN',
      `${options.platformName} answered ${response.status}${message ? `: ${message}` : ''} after the request was sent; it may or may not have been applied`,
      { status: response.status, hint: 'xpost will look for the post before creating it again.', platformCode },
    );
  }
  const location = response.status >= 300 && response.status < 400 ? ` (redirected to ${headers['location'] ?? 'another address'})` : '';
  return new XpostError(code, `${options.platformName} answered ${response.status}${message ? `: ${message}` : ''}${location}`, {
    status: response.status,
    retryable: retryable ?? RETRYABLE_STATUSES.has(response.status),
    retryAfterSeconds: wait,
    platformCode,
  });
}

function transportError(options: HttpClientOptions, error: unknown, idempotent: boolean): XpostError {
  // Only the error code is read: axios errors carry the request config, headers included, so they are never printed.
  const code = (error as { code?: string }).code ?? 'UNKNOWN';
  const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
  const what = timedOut ? `no answer within ${options.timeoutMs / 1000} s` : `connection failed (${code})`;
  if (NOT_SENT_CODES.has(code)) {
    return new XpostError('NETWORK', `${options.platformName}: ${what}`, {
      retryable: true,
      notSent: true,
      hint: `Check your network connection and the ${options.platformName} address (${options.origin}).`,
    });
  }
  if (!idempotent) {
    return new XpostError('OUTCOME_UNKNOWN', `${options.platformName}: ${what} after the request was sent; it may or may not have been applied`, {
      hint: 'xpost will look for the post before creating it again.',
    });
  }
  return new XpostError(timedOut ? 'TIMEOUT' : 'NETWORK', `${options.platformName}: ${what}`, { retryable: true });
}

function flattenHeaders(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}
