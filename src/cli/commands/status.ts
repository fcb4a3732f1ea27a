import { collectStatus, type CopyStatus, type StatusReport } from '../../core/status.js';
import { EXIT_CODES } from '../../errors/xpost-error.js';
import { PLATFORM_IDS } from '../../platforms/registry.js';
import { adapterFor } from '../../platforms/registry.js';
import { runCommand } from '../command-context.js';
import type { StatusFlags } from '../program.js';
import { paint, type Terminal } from '../terminal.js';
import { parsePlatforms } from './publish.js';

/** `xpost status`: every post × platform, grouped by post, with URLs, due dates and last errors. */
export function runStatusCommand(paths: string[], flags: StatusFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, flags, async ({ env, redact, reporter }) => {
    const requested = parsePlatforms(flags.to);
    const report = await collectStatus(
      { paths: paths.length > 0 ? paths : ['.'], platforms: Array.isArray(requested) ? requested : requested === 'all' ? [...PLATFORM_IDS] : undefined, statePath: flags.state, configPath: flags.config },
      { cwd, env, now: () => new Date(), emit: reporter.onEvent, redact },
    );
    terminal.stdout.write(redact(flags.json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report, terminal)));
    return EXIT_CODES.ok;
  });
}

const LABELS: Record<CopyStatus, string> = {
  published: '✔ published',
  changed: '✎ changed',
  scheduled: '◷ scheduled',
  pending: '? pending',
  failed: '✖ failed',
  'not-published': '· not published',
  skipped: '· skipped',
  invalid: '✖ invalid',
};

function humanReport(report: StatusReport, terminal: Terminal): string {
  const color = paint(terminal.stdout, terminal.env);
  const tint: Record<CopyStatus, (text: string) => string> = {
    published: color.green,
    changed: color.yellow,
    scheduled: color.cyan,
    pending: color.yellow,
    failed: color.red,
    'not-published': color.dim,
    skipped: color.dim,
    invalid: color.red,
  };
  const lines: string[] = [];
  const counts = new Map<CopyStatus, number>();
  for (const post of report.posts) {
    lines.push(color.bold(`${post.file}`) + color.dim(`  ${post.title}`));
    // A post that cannot be read or told apart has one reason for every platform: said once.
    const [first] = post.copies;
    if (first && post.copies.every((copy) => copy.status === 'invalid' && copy.detail === first.detail)) {
      for (const copy of post.copies) counts.set(copy.status, (counts.get(copy.status) ?? 0) + 1);
      lines.push(`  ${'all'.padEnd(9)} ${tint.invalid(LABELS.invalid.padEnd(16))} ${first.detail ?? ''}`);
      continue;
    }
    for (const copy of post.copies) {
      counts.set(copy.status, (counts.get(copy.status) ?? 0) + 1);
      const detail = copy.status === 'scheduled' && copy.dueAt ? `due ${copy.dueAt.slice(0, 16).replace('T', ' ')} UTC` : (copy.detail ?? copy.url ?? '');
      lines.push(`  ${adapterFor(copy.platform).name.padEnd(9)} ${tint[copy.status](LABELS[copy.status].padEnd(16))} ${detail}`);
    }
  }
  for (const skipped of report.skipped) lines.push(color.dim(`${skipped.file}  skipped: ${skipped.reason}`));
  const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
  lines.push(color.dim(`${report.posts.length} posts${summary ? `: ${summary}` : ''}`));
  return `${lines.join('\n')}\n`;
}
