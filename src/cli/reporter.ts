import type { ChalkInstance } from 'chalk';
import type { PublishResult, ResultStatus, RunEvent } from '../core/context.js';
import type { XpostError } from '../errors/xpost-error.js';
import type { Redactor } from '../http/redact.js';
import { adapterFor } from '../platforms/registry.js';
import type { PartView } from '../platforms/types.js';
import { paint, useSpinner, type Terminal } from './terminal.js';

interface Spinner {
  start(text: string): Spinner;
  stop(): Spinner;
  set text(value: string);
}

/**
 * Turns core events into terminal lines or one JSON document. Every string passes the redactor on
 * its way out, so a token can never be printed, whatever a platform echoes back.
 */
export class Reporter {
  private readonly terminal: Terminal;
  private readonly json: boolean;
  private readonly redact: Redactor;
  private readonly color: ChalkInstance;
  private readonly errColor: ChalkInstance;
  private spinner: Spinner | undefined;
  private readonly inFlight = new Set<string>();
  /** A file skipped for every platform with one reason is said once. */
  private readonly saidSkipped = new Set<string>();

  private readonly debug: boolean;

  constructor(terminal: Terminal, options: { json: boolean; redact: Redactor; debug?: boolean }) {
    this.terminal = terminal;
    this.json = options.json;
    this.debug = options.debug ?? false;
    this.redact = options.redact;
    this.color = paint(terminal.stdout, terminal.env);
    this.errColor = paint(terminal.stderr, terminal.env);
  }

  /** Loads ora only when a person is watching; piped and CI runs never pay for it. */
  async prepareSpinner(): Promise<void> {
    if (this.json || !useSpinner(this.terminal.stderr, this.terminal.env)) return;
    const { default: ora } = await import('ora');
    this.spinner = ora({ stream: this.terminal.stderr }) as unknown as Spinner;
  }

  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'start':
        this.inFlight.add(`${event.platform}`);
        this.refreshSpinner();
        return;
      case 'retry':
        this.pauseSpinner(() => this.err(this.errColor.yellow(`  ${event.platform}: ${event.reason}; retrying in ${Math.ceil(event.delayMs / 1000)} s`)));
        return;
      case 'debug':
        if (this.debug) this.pauseSpinner(() => this.err(this.errColor.dim(`debug: ${event.message}`)));
        return;
      case 'warning':
        this.pauseSpinner(() => this.err(this.errColor.yellow(`warning: ${event.message}`)));
        return;
      case 'result':
        this.inFlight.delete(event.result.platform);
        // In --json mode stdout carries exactly one document, printed by finish().
        if (!this.json && event.result.status !== 'dry-run') this.pauseSpinner(() => this.printResult(event.result));
        this.refreshSpinner();
        return;
    }
  };

  /** The end of a run: dry-run previews in full, the JSON document, or a one-line summary. */
  finish(results: PublishResult[]): void {
    this.spinner?.stop();
    if (this.json) {
      this.out(JSON.stringify({ results: results.map(jsonResult) }, null, 2));
      return;
    }
    let file: string | undefined;
    for (const result of results) {
      if (result.status !== 'dry-run') continue;
      // How the post was read is said once, before its platforms.
      if (result.file !== file && result.postNotes?.length) {
        this.out(this.color.bold(`\n${result.file}`));
        for (const note of result.postNotes) this.out(this.color.dim(`  · ${note}`));
      }
      file = result.file;
      this.printDryRun(result);
    }
    this.out(this.color.dim(summarise(results)));
  }

  /** `nothingSent` adds the promise that matters after a refused publish: no platform was touched. */
  problems(problems: XpostError[], nothingSent = true): void {
    this.spinner?.stop();
    if (this.json) {
      this.out(JSON.stringify({ results: [], errors: problems.map(jsonError) }, null, 2));
      return;
    }
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    this.err(this.errColor.red(`xpost: ${count}${nothingSent ? ', nothing was sent' : ''}:`));
    for (const problem of problems) {
      this.err(`  ${this.errColor.red('✖')} ${problem.message}`);
      if (problem.hint) this.err(this.errColor.dim(`    → ${problem.hint.split('\n').join('\n      ')}`));
    }
  }

  private printResult(result: PublishResult): void {
    if (result.status === 'skipped' && result.id === null) {
      const said = `${result.file}\0${result.message ?? ''}`;
      if (this.saidSkipped.has(said)) return;
      this.saidSkipped.add(said);
    }
    const name = adapterFor(result.platform).name.padEnd(9);
    const status = this.statusLabel(result.status);
    const detail = result.status === 'failed' ? (result.error ?? '') : (result.message ?? result.url ?? '');
    this.out(`${status} ${name} ${result.file}${detail ? `  ${detail}` : ''}`);
    for (const note of result.notes) this.out(this.color.dim(`    · ${note}`));
    if (result.status === 'failed' && result.hint) this.out(this.color.dim(`    → ${result.hint}`));
  }

  private printDryRun(result: PublishResult): void {
    const adapter = adapterFor(result.platform);
    const verb = result.action === 'none' ? 'no request' : result.action;
    this.out(this.color.bold(`\n── ${result.file} → ${adapter.name}: ${verb} (dry run) ──`));
    if (result.message) this.out(`  ${result.message}`);
    for (const note of result.notes) this.out(this.color.yellow(`  · ${note}`));
    if (!result.request || result.action === 'none') return;
    if (result.request.parts) {
      this.printThread(result.request.endpoint, result.request.payload, result.request.parts, new Set(adapter.bodyFields));
      return;
    }
    const { shown, bodies } = separateBodies(result.request.payload, new Set(adapter.bodyFields));
    this.out(`  ${result.request.endpoint}`);
    this.out(indent(JSON.stringify(shown, null, 2), '  '));
    for (const [field, text] of bodies) {
      this.out(this.color.dim(`  ┌─ ${field} (${text.length} characters) ─`));
      this.out(indent(text.replace(/\n$/, ''), '  │ '));
      this.out(this.color.dim('  └─'));
    }
  }

  /** Each part with its length as the platform counts it, then its request with the text left out (facets, card, reply). */
  private printThread(endpoint: string, payload: unknown, parts: PartView[], bodyFields: ReadonlySet<string>): void {
    const requests = (payload as { parts?: unknown[] } | null)?.parts ?? [];
    this.out(`  ${endpoint}`);
    parts.forEach((part, index) => {
      this.out(this.color.dim(`  ┌─ part ${index + 1} of ${parts.length}: ${partLength(part)} ─`));
      this.out(indent(part.text, '  │ '));
      this.out(this.color.dim('  ├─ request'));
      this.out(indent(JSON.stringify(separateBodies(requests[index], bodyFields, 'above').shown, null, 2), '  │ '));
      this.out(this.color.dim('  └─'));
    });
  }

  private statusLabel(status: ResultStatus): string {
    const label = status.padEnd(9);
    switch (status) {
      case 'published':
      case 'updated':
        return this.color.green(`✔ ${label}`);
      case 'failed':
        return this.color.red(`✖ ${label}`);
      case 'skipped':
      case 'scheduled':
        return this.color.yellow(`• ${label}`);
      default:
        return this.color.dim(`• ${label}`);
    }
  }

  private refreshSpinner(): void {
    if (!this.spinner) return;
    if (this.inFlight.size === 0) {
      this.spinner.stop();
      return;
    }
    const names = [...this.inFlight].map((id) => adapterFor(id as PublishResult['platform']).name).join(', ');
    this.spinner.start(`publishing to ${names}`);
  }

  private pauseSpinner(print: () => void): void {
    this.spinner?.stop();
    print();
  }

  private out(text: string): void {
    this.terminal.stdout.write(`${this.redact(text)}\n`);
  }

  private err(text: string): void {
    this.terminal.stderr.write(`${this.redact(text)}\n`);
  }
}

function jsonResult(result: PublishResult) {
  return {
    file: result.file,
    platform: result.platform,
    status: result.status,
    action: result.action,
    id: result.id,
    url: result.url,
    error: result.error,
    errorCode: result.errorCode,
    hint: result.hint,
    message: result.message,
    dueAt: result.dueAt,
    notes: result.notes,
    ...(result.postNotes ? { postNotes: result.postNotes } : {}),
    ...(result.request ? { request: result.request } : {}),
  };
}

/** "212/300 graphemes, 230/3000 bytes": a part's size as its platform counts it. */
export function partLength(part: PartView): string {
  const bytes = part.bytes !== undefined && part.maxBytes !== undefined ? `, ${part.bytes}/${part.maxBytes} bytes` : '';
  return `${part.length}/${part.maxLength} ${part.unit}${bytes}`;
}

function jsonError(problem: XpostError) {
  return { code: problem.code, message: problem.message, hint: problem.hint ?? null, file: problem.file ?? null };
}

function summarise(results: PublishResult[]): string {
  const counts = new Map<ResultStatus, number>();
  for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  if (counts.size === 0) return 'nothing to do';
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

/** Copies a payload with the post's text fields replaced by a pointer (shown verbatim below it instead of as one escaped JSON line), and returns those texts. */
function separateBodies(payload: unknown, bodyFields: ReadonlySet<string>, where: 'above' | 'below' = 'below'): { shown: unknown; bodies: Array<[string, string]> } {
  const bodies: Array<[string, string]> = [];
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
        if (bodyFields.has(key) && typeof inner === 'string') {
          bodies.push([key, inner]);
          return [key, `<${key}: shown ${where}>`];
        }
        return [key, walk(inner)];
      }),
    );
  };
  return { shown: walk(payload), bodies };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}
