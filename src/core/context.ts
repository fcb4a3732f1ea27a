import type { HttpClientFactory } from '../http/types.js';
import type { Redactor } from '../http/redact.js';
import type { PlatformId } from '../platforms/registry.js';
import type { Env, PartView } from '../platforms/types.js';
import type { StateSync } from './state-sync.js';

export type ResultStatus = 'published' | 'updated' | 'unchanged' | 'skipped' | 'scheduled' | 'failed' | 'dry-run';
export type ResultAction = 'create' | 'update' | 'none';

/** One post on one platform: what happened, as data. */
export interface PublishResult {
  file: string;
  platform: PlatformId;
  status: ResultStatus;
  action: ResultAction;
  id: string | null;
  url: string | null;
  error: string | null;
  errorCode: string | null;
  hint: string | null;
  /** Why nothing was sent, or what the user should know about the outcome. */
  message: string | null;
  /** When a scheduled platform becomes due (ISO 8601). */
  dueAt: string | null;
  /** Changes made to fit the platform (tags renamed or dropped, ...). */
  notes: string[];
  /** Dry-run only: how the post itself was read (fields under a generator's names, converted constructs); the same for each platform. */
  postNotes?: string[];
  /** Dry-run only: the request that would be sent; for a thread, each part's length as the platform counts it. */
  request?: { endpoint: string; payload: unknown; parts?: PartView[] };
}

export type RunEvent =
  | { type: 'start'; file: string; platform: PlatformId; action: ResultAction }
  | { type: 'retry'; file: string; platform: PlatformId; attempt: number; delayMs: number; reason: string }
  | { type: 'warning'; message: string }
  | { type: 'debug'; message: string }
  | { type: 'result'; result: PublishResult };

/** Everything the core needs from the outside world; the CLI builds it, tests inject their own. */
export interface RunContext {
  cwd: string;
  env: Env;
  now: () => Date;
  emit: (event: RunEvent) => void;
  redact: Redactor;
  /** Defaults to the axios client; loaded only when a request is really sent. */
  createHttpClient?: HttpClientFactory;
  /** Where the state is kept for runs on other machines (`--commit-state`); never used by a dry-run. */
  stateSync?: StateSync;
}
