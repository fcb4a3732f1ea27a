import { syncPosts } from '../../core/reconcile.js';
import { EXIT_CODES } from '../../errors/xpost-error.js';
import { PLATFORM_IDS } from '../../platforms/registry.js';
import { runCommand } from '../command-context.js';
import { paint, type Terminal } from '../terminal.js';
import { parsePlatforms } from './publish.js';

export interface SyncFlags {
  to?: string;
  state: string;
  config?: string;
  json: boolean;
}

/** `xpost sync`: find copies on the platforms that the state file does not know, and record them. */
export function runSyncCommand(files: string[], flags: SyncFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, { ...flags, sendsRequests: true }, async ({ env, redact, reporter }) => {
    const requested = parsePlatforms(flags.to);
    const platforms = Array.isArray(requested) ? requested : [...PLATFORM_IDS];
    const results = await syncPosts(
      { files, platforms, statePath: flags.state, configPath: flags.config },
      { cwd, env, now: () => new Date(), emit: reporter.onEvent, redact },
    );
    const write = (text: string) => terminal.stdout.write(`${redact(text)}\n`);
    if (flags.json) {
      write(JSON.stringify({ results }, null, 2));
    } else {
      const color = paint(terminal.stdout, terminal.env);
      for (const result of results) {
        const label = result.status === 'adopted' ? color.green(result.status.padEnd(9)) : result.status === 'failed' ? color.red(result.status.padEnd(9)) : result.status.padEnd(9);
        write(`${label} ${result.platform.padEnd(9)} ${result.file}  ${result.url ?? result.error ?? result.message ?? ''}`);
        if (result.status === 'failed' && result.message) write(color.dim(`    → ${result.message}`));
      }
    }
    return results.some((result) => result.status === 'failed') ? EXIT_CODES.platformFailed : EXIT_CODES.ok;
  });
}
