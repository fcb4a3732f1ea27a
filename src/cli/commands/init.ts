import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STATE_FILE, initProject, normalizeRelativePath, parseXpostSource, postsGlobOf, WORKFLOW_FILE } from '../../core/init.js';
import type { DetectedSite } from '../../sources/detect.js';
import { EXIT_CODES } from '../../errors/xpost-error.js';
import { runCommand } from '../command-context.js';
import type { Terminal } from '../terminal.js';

export interface InitFlags {
  templates: boolean;
  /** Unset: the detected site generator's posts folder, else posts. */
  posts?: string;
  /** Where the workflow gets xpost: an npm version, git tag, tarball, or the Action at a tag. */
  xpost?: string;
  json: boolean;
}

/** `xpost init`: the config, .env.example, the GitHub workflow (and templates/ on request); nothing existing is replaced. */
export function runInitCommand(flags: InitFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, flags, async ({ redact }) => {
    const xpost = flags.xpost === undefined ? undefined : parseXpostSource(flags.xpost);
    const { created, skipped, site, postsDir } = await initProject({
      cwd,
      ...(flags.posts === undefined ? {} : { postsDir: normalizeRelativePath(flags.posts, '--posts') }),
      withTemplates: flags.templates,
      xpost,
    });
    // A workflow watching a folder that does not exist never runs on push and fails every day.
    if (!existsSync(path.join(cwd, postsDir))) {
      terminal.stderr.write(redact(`warning: ${postsDir}/ does not exist yet; if your posts live elsewhere, run again with --posts <dir> after removing ${WORKFLOW_FILE}\n`));
    }
    if (flags.json) {
      const detected = { generator: site.generator, root: site.root, postsDir, siteUrl: site.siteUrl ?? null, canonical: site.canonical ?? null, canonicalNote: site.canonicalNote ?? null };
      terminal.stdout.write(redact(`${JSON.stringify({ created, skipped, site: detected }, null, 2)}\n`));
      return EXIT_CODES.ok;
    }
    const lines = [
      ...detectedLines(site, postsDir, created.includes('xpost.config.yaml')),
      ...created.map((file) => `created  ${file}`),
      ...skipped.map((file) => `skipped  ${file} (already exists, left as it is)`),
      '',
      'Next steps:',
      `  1. Edit xpost.config.yaml: ${site.siteUrl ? 'check site.url and site.canonical' : 'site.url'}, the platforms you use, the schedule.`,
      '  2. Add the credentials of those platforms as repository secrets (names in .env.example):',
      '     Settings > Secrets and variables > Actions, or `gh secret set DEVTO_API_KEY`.',
      `  3. Try it: xpost publish '${postsGlobOf(postsDir)}' --dry-run`,
      `  4. Commit and push: git add xpost.config.yaml .env.example ${WORKFLOW_FILE}${flags.templates ? ' templates' : ''} && git commit -m "Publish with xpost"`,
      `     The workflow publishes on pushes to main (edit its branches: if your default branch differs) and daily,`,
      `     and pushes ${DEFAULT_STATE_FILE} to the branch itself: keep that file in git. A protected branch`,
      '     needs a token that may push (README, "Protected branches").',
    ];
    terminal.stdout.write(redact(`${lines.join('\n')}\n`));
    return EXIT_CODES.ok;
  });
}

/** What init found in the repository and what it did with it, before the list of files. */
function detectedLines(site: DetectedSite, postsDir: string, wroteConfig: boolean): string[] {
  if (site.generator === 'plain') return [];
  const written = wroteConfig ? 'written to xpost.config.yaml' : 'not written: xpost.config.yaml exists';
  return [
    `Found a ${site.name} site${site.root ? ` in ${site.root}/` : ''}:`,
    `  posts       ${postsDir}/ (the workflow watches and publishes ${postsGlobOf(postsDir)})`,
    `  site.url    ${site.siteUrl ? `${site.siteUrl} (${written})` : `not stated by the ${site.name} config: set it in xpost.config.yaml`}`,
    `  canonical   ${site.canonical ? `${site.canonical} (${site.siteUrl ? written : 'in the commented site block'})` : (site.canonicalNote ?? 'none')}`,
    '',
  ];
}
