import path from 'node:path';
import type { RunEvent } from '../../core/context.js';
import { publishPosts } from '../../core/publish.js';
import { EXIT_CODES, XpostError, toXpostError } from '../../errors/xpost-error.js';
import { escapeWorkflowData, escapeWorkflowProperty } from '../../http/redact.js';
import { PLATFORM_IDS, type PlatformId } from '../../platforms/registry.js';
import type { Env } from '../../platforms/types.js';
import type { GitStateSync } from '../../state/git-sync.js';
import { runCommand } from '../command-context.js';
import { parsePlatformList } from '../platform-list.js';
import { errorAnnotations, stepSummary, writeStepSummary } from '../github-actions.js';
import type { PublishFlags } from '../program.js';
import type { Terminal } from '../terminal.js';

/** `xpost publish`: flags → options → publishPosts → reporter → exit code. */
export function runPublishCommand(files: string[], flags: PublishFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, { ...flags, sendsRequests: true }, async ({ env, redact, reporter }) => {
    // A bad --to is reported together with every problem in the posts, not on its own.
    const usageProblems: XpostError[] = [];
    let platforms: PlatformId[] | 'all' | undefined;
    try {
      platforms = parsePlatforms(flags.to);
    } catch (error) {
      usageProblems.push(toXpostError(error));
    }
    await reporter.prepareSpinner();
    // A dry-run sends nothing and so pushes nothing.
    const stateSync = flags.commitState && !flags.dryRun ? await openGitStateSync(cwd, flags.state, env, reporter.onEvent) : undefined;
    const results = await publishPosts(
      {
        files,
        platforms,
        dryRun: flags.dryRun,
        force: flags.force,
        ignoreSchedule: flags.now,
        changedSince: flags.changedSince,
        statePath: flags.state,
        configPath: flags.config,
        usageProblems,
      },
      { cwd, env, now: () => new Date(), emit: reporter.onEvent, redact, stateSync },
    );
    reporter.finish(results);
    // Records that could not be pushed after the run fail it on their own, after the results they belong to.
    const unpushed = stateSync?.problem;
    if (unpushed && flags.json) reporter.onEvent({ type: 'warning', message: `${unpushed.message}. ${unpushed.hint ?? ''}` });
    else if (unpushed) reporter.problems([unpushed], false);
    if (env['GITHUB_ACTIONS'] === 'true') {
      // In --json mode stdout holds only the document; the runner reads workflow commands from stderr too.
      const stream = flags.json ? terminal.stderr : terminal.stdout;
      const unpushedAnnotation = unpushed ? [`::error title=${escapeWorkflowProperty('xpost: state file not pushed')}::${escapeWorkflowData(unpushed.message)}`] : [];
      for (const line of [...errorAnnotations(results), ...unpushedAnnotation]) stream.write(`${redact(line)}\n`);
    }
    writeStepSummary(env, redact(stepSummary(results, flags.dryRun)));
    return unpushed || results.some((result) => result.status === 'failed') ? EXIT_CODES.platformFailed : EXIT_CODES.ok;
  });
}

/** `--commit-state`: the git side of the state, loaded only when asked for. */
async function openGitStateSync(cwd: string, state: string, env: Env, emit: (event: RunEvent) => void): Promise<GitStateSync> {
  const { GitStateSync } = await import('../../state/git-sync.js');
  return new GitStateSync({ cwd, statePath: path.resolve(cwd, state), env, now: () => new Date(), emit });
}

/** "devto,hashnode" → platform ids; "all" and no --to are left for the core to resolve against the config. */
export function parsePlatforms(value: string | undefined): PlatformId[] | 'all' | undefined {
  return value === undefined ? undefined : parsePlatformList(value, PLATFORM_IDS, '--to');
}
