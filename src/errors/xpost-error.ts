/** Every failure xpost knows how to explain has a code; the code decides the exit status. */
export type ErrorCode =
  | 'USAGE'
  | 'UNKNOWN_PLATFORM'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'POST_INVALID'
  | 'CONFIG_INVALID'
  | 'MISSING_CREDENTIAL'
  | 'CREDENTIAL_INVALID'
  | 'STATE_INVALID'
  | 'STATE_LOCKED'
  | 'STATE_STALE'
  | 'STATE_SYNC'
  | 'PAYLOAD_INVALID'
  | 'TEMPLATE_INVALID'
  | 'AUTH_FAILED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'REJECTED'
  | 'DUPLICATE'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'UNSUPPORTED'
  | 'OUTCOME_UNKNOWN'
  | 'INTERNAL';

/** input: the user must fix something before anything is sent (exit 2); remote: a platform call failed (exit 1). */
export type ErrorKind = 'input' | 'remote' | 'internal';

const KIND_BY_CODE: Record<ErrorCode, ErrorKind> = {
  USAGE: 'input',
  UNKNOWN_PLATFORM: 'input',
  FILE_NOT_FOUND: 'input',
  FILE_UNREADABLE: 'input',
  POST_INVALID: 'input',
  CONFIG_INVALID: 'input',
  MISSING_CREDENTIAL: 'input',
  CREDENTIAL_INVALID: 'input',
  STATE_INVALID: 'input',
  STATE_LOCKED: 'input',
  STATE_STALE: 'input',
  STATE_SYNC: 'input',
  PAYLOAD_INVALID: 'input',
  TEMPLATE_INVALID: 'input',
  AUTH_FAILED: 'remote',
  FORBIDDEN: 'remote',
  NOT_FOUND: 'remote',
  REJECTED: 'remote',
  DUPLICATE: 'remote',
  RATE_LIMITED: 'remote',
  SERVER_ERROR: 'remote',
  NETWORK: 'remote',
  TIMEOUT: 'remote',
  UNSUPPORTED: 'remote',
  OUTCOME_UNKNOWN: 'remote',
  INTERNAL: 'internal',
};

export interface XpostErrorOptions {
  /** What the user can do next, in one sentence. */
  hint?: string;
  /** The post or config file the problem is in. */
  file?: string;
  /** HTTP status when the error came from a platform. */
  status?: number;
  /** True when the same request may succeed if sent again later. */
  retryable?: boolean;
  /** Seconds the platform asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
  /** Machine-readable code from the platform (e.g. FORBIDDEN, DUPLICATE_POST). */
  platformCode?: string;
  /** True when the request provably never left this machine (connection refused, unknown host). */
  notSent?: boolean;
  cause?: unknown;
}

export class XpostError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly platformCode: string | undefined;
  readonly notSent: boolean;

  constructor(code: ErrorCode, message: string, options: XpostErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'XpostError';
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.platformCode = options.platformCode;
    this.notSent = options.notSent ?? false;
  }

  get kind(): ErrorKind {
    return KIND_BY_CODE[this.code];
  }
}

/** Several input problems found in one pass, reported together before anything is sent. */
export class InputProblems extends Error {
  readonly problems: XpostError[];

  constructor(problems: XpostError[]) {
    super(problems.map((problem) => problem.message).join('\n'));
    this.name = 'InputProblems';
    this.problems = problems;
  }
}

export function isXpostError(value: unknown): value is XpostError {
  return value instanceof XpostError;
}

/** Wraps anything thrown into an XpostError without ever keeping the original object's text verbatim. */
export function toXpostError(error: unknown): XpostError {
  if (error instanceof XpostError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new XpostError('INTERNAL', `Unexpected error: ${message}`, {
    hint: 'This is a bug in xpost; run again with --debug and report it.',
    cause: error,
  });
}

export const EXIT_CODES = {
  ok: 0,
  platformFailed: 1,
  badInput: 2,
  /** Another xpost process held the state file lock for too long. */
  locked: 3,
  internal: 70,
} as const;
