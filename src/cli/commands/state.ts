import { editState } from '../../core/reconcile.js';
import { EXIT_CODES, XpostError } from '../../errors/xpost-error.js';
import { isPlatformId, PLATFORM_IDS, type PlatformId } from '../../platforms/registry.js';
import { runCommand } from '../command-context.js';
import type { Terminal } from '../terminal.js';

export interface StateEditFlags {
  platform: string;
  id?: string;
  url?: string;
  state: string;
  config?: string;
  json: boolean;
}

/** `xpost state mark` (record a copy found by hand) and `xpost state forget` (drop a record). */
export function runStateEditCommand(mode: 'mark' | 'forget', file: string, flags: StateEditFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, { ...flags, sendsRequests: true }, async ({ env, redact, reporter }) => {
    const platform = parsePlatform(flags.platform);
    if (mode === 'mark' && !flags.id?.trim()) {
      throw new XpostError('USAGE', 'state mark needs --id: the id of the copy on the platform', {
        hint: 'e.g. the dev.to article id, the Medium post id, or the LinkedIn urn:li:share:… URN.',
      });
    }
    const remote = mode === 'mark' ? { id: flags.id!.trim(), url: flags.url?.trim() || undefined } : undefined;
    const outcome = await editState(
      { file, platform, remote, statePath: flags.state, configPath: flags.config },
      { cwd, env, now: () => new Date(), emit: reporter.onEvent, redact },
    );
    const message =
      mode === 'mark'
        ? `recorded ${platform} copy ${remote?.id} of ${file}; it counts as up to date`
        : outcome.changed
          ? `forgot the ${platform} record of ${file}; the next publish creates a new copy`
          : `no ${platform} record of ${file} to forget`;
    terminal.stdout.write(redact(flags.json ? `${JSON.stringify({ file, platform, identity: outcome.identity, changed: outcome.changed, message })}\n` : `${message}\n`));
    return EXIT_CODES.ok;
  });
}

function parsePlatform(value: string): PlatformId {
  const id = value.trim().toLowerCase();
  if (isPlatformId(id)) return id;
  throw new XpostError('UNKNOWN_PLATFORM', `unknown platform "${value}"`, { hint: `Valid platforms: ${PLATFORM_IDS.join(', ')}.` });
}
