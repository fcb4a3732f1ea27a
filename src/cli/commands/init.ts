import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STATE_FILE, initProject, normalizeRelativePath, parseXpostSource, WORKFLOW_FILE } from '../../core/init.js';
import { EXIT_CODES } from '../../errors/xpost-error.js';
import { runCommand } from '../command-context.js';
import type { Terminal } from '../terminal.js';

export interface InitFlags {
  templates: boolean;
  posts: string;
  /** Where the workflow gets xpost: an npm version, git tag, tarball, or the Action at a tag. */
  xpost?: string;
  json: boolean;
}

/** `xpost init`: the config, .env.example, the GitHub workflow (and templates/ on request); nothing existing is replaced. */
export function runInitCommand(flags: InitFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, flags, async ({ redact }) => {
    const postsDir = normalizeRelativePath(flags.posts, '--posts');
    const xpost = flags.xpost === undefined ? undefined : parseXpostSource(flags.xpost);
    const { created, skipped } = await initProject({ cwd, postsDir, withTemplates: flags.templates, xpost });
    // A workflow watching a folder that does not exist never runs on push and fails every day.
    if (!existsSync(path.join(cwd, postsDir))) {
      terminal.stderr.write(redact(`warning: ${postsDir}/ does not exist yet; if your posts live elsewhere, run again with --posts <dir> after removing ${WORKFLOW_FILE}\n`));
    }
    if (flags.json) {
      terminal.stdout.write(redact(`${JSON.stringify({ created, skipped }, null, 2)}\n`));
      return EXIT_CODES.ok;
    }
    const lines = [
      ...created.map((file) => `created  ${file}`),
      ...skipped.map((file) => `skipped  ${file} (already exists, left as it is)`),
      '',
      'Next steps:',
      '  1. Edit xpost.config.yaml: site.url, the platforms you use, the schedule.',
      '  2. Add the credentials of those platforms as repository secrets (names in .env.example):',
      '     Settings > Secrets and variables > Actions, or `gh secret set DEVTO_API_KEY`.',
      `  3. Try it: xpost publish '${postsDir}/**/*.md' --dry-run`,
      `  4. Commit and push: git add xpost.config.yaml .env.example ${WORKFLOW_FILE}${flags.templates ? ' templates' : ''} && git commit -m "Publish with xpost"`,
      `     The workflow publishes on pushes to main (edit its branches: if your default branch differs) and daily,`,
      `     and pushes ${DEFAULT_STATE_FILE} to the branch itself: keep that file in git. A protected branch`,
      '     needs a token that may push (README, "Protected branches").',
    ];
    terminal.stdout.write(redact(`${lines.join('\n')}\n`));
    return EXIT_CODES.ok;
  });
}
