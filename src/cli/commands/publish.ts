import { publishPosts } from '../../core/publish.js';
import { secretValues } from '../../core/credentials.js';
import { EXIT_CODES, InputProblems, XpostError, toXpostError } from '../../errors/xpost-error.js';
import { createRedactor } from '../../http/redact.js';
import { PUBLISH_PLATFORM_IDS, isPlatformId, type PlatformId } from '../../platforms/ids.js';
import { allAdapters } from '../../platforms/registry.js';
import { loadEnvironment } from '../env.js';
import type { PublishFlags } from '../program.js';
import { Reporter } from '../reporter.js';
import type { Terminal } from '../terminal.js';

/** `xpost publish`: flags → options → publishPosts → reporter → exit code. */
export async function runPublishCommand(files: string[], flags: PublishFlags, terminal: Terminal, cwd: string): Promise<number> {
  let env = terminal.env;
  let redact = createRedactor(secretValues(allAdapters(), env));
  const reporter = () => new Reporter(terminal, { json: flags.json, redact });
  try {
    env = loadEnvironment(cwd, terminal.env);
    redact = createRedactor(secretValues(allAdapters(), env));
    const platforms = parsePlatforms(flags.to);
    const output = reporter();
    await output.prepareSpinner();
    const results = await publishPosts(
      { files, platforms, dryRun: flags.dryRun, force: flags.force, statePath: flags.state },
      { cwd, env, now: () => new Date(), emit: output.onEvent, redact },
    );
    output.finish(results);
    return results.some((result) => result.status === 'failed') ? EXIT_CODES.platformFailed : EXIT_CODES.ok;
  } catch (error) {
    return reportFailure(error, reporter(), terminal, flags.debug, redact);
  }
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

function reportFailure(error: unknown, reporter: Reporter, terminal: Terminal, debug: boolean, redact: (text: string) => string): number {
  if (error instanceof InputProblems) {
    reporter.problems(error.problems);
    return EXIT_CODES.badInput;
  }
  const failure = toXpostError(error);
  reporter.problems([failure]);
  if (debug && failure.code === 'INTERNAL' && error instanceof Error && error.stack) {
    terminal.stderr.write(`${redact(error.stack)}\n`);
  }
  if (failure.code === 'STATE_LOCKED') return EXIT_CODES.locked;
  return failure.kind === 'input' ? EXIT_CODES.badInput : failure.kind === 'internal' ? EXIT_CODES.internal : EXIT_CODES.platformFailed;
}
