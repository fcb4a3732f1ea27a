import { publishPosts } from '../../core/publish.js';
import { EXIT_CODES, XpostError, toXpostError } from '../../errors/xpost-error.js';
import { PUBLISH_PLATFORM_IDS, isPlatformId, type PlatformId } from '../../platforms/ids.js';
import { runCommand } from '../command-context.js';
import type { PublishFlags } from '../program.js';
import type { Terminal } from '../terminal.js';

/** `xpost publish`: flags → options → publishPosts → reporter → exit code. */
export function runPublishCommand(files: string[], flags: PublishFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, flags, async ({ env, redact, reporter }) => {
    // A bad --to is reported together with every problem in the posts, not on its own.
    const usageProblems: XpostError[] = [];
    let platforms: PlatformId[] = [];
    try {
      platforms = parsePlatforms(flags.to);
    } catch (error) {
      usageProblems.push(toXpostError(error));
    }
    await reporter.prepareSpinner();
    const results = await publishPosts(
      { files, platforms, dryRun: flags.dryRun, force: flags.force, statePath: flags.state, configPath: flags.config, usageProblems },
      { cwd, env, now: () => new Date(), emit: reporter.onEvent, redact },
    );
    reporter.finish(results);
    return results.some((result) => result.status === 'failed') ? EXIT_CODES.platformFailed : EXIT_CODES.ok;
  });
}

/** "devto,hashnode" or "all" → platform ids; an unknown id lists the valid ones. */
export function parsePlatforms(value: string | undefined): PlatformId[] {
  if (!value?.trim()) {
    throw new XpostError('USAGE', 'choose where to publish with --to', {
      hint: `e.g. --to devto or --to devto,hashnode or --to all (platforms: ${PUBLISH_PLATFORM_IDS.join(', ')}).`,
    });
  }
  const requested = value.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean);
  if (requested.includes('all')) return [...PUBLISH_PLATFORM_IDS];
  const unknown = requested.filter((id) => !isPlatformId(id));
  if (unknown.length > 0) {
    throw new XpostError('UNKNOWN_PLATFORM', `unknown platform ${unknown.map((id) => `"${id}"`).join(', ')}`, {
      hint: `Valid platforms: ${PUBLISH_PLATFORM_IDS.join(', ')}, or all.`,
    });
  }
  return [...new Set(requested as PlatformId[])];
}
