import { Command, Option } from 'commander';

// Re-exported so main.ts reaches commander only through this lazily loaded module.
export { CommanderError } from 'commander';
import { allAdapters, PLATFORM_IDS, RENDER_TARGET_IDS } from '../platforms/registry.js';
import { VERSION } from '../version.js';
import type { InitFlags } from './commands/init.js';
import type { StateEditFlags } from './commands/state.js';
import type { Terminal } from './terminal.js';

/** Where a command's exit status goes; commander's own action return values are ignored. */
export interface ExitSlot {
  code: number;
}

const PLATFORM_LIST = `${PLATFORM_IDS.join(', ')} or all`;
const RENDER_PLATFORM_LIST = RENDER_TARGET_IDS.join(', ');
const PLATFORM_NAMES = listInWords(allAdapters().map((adapter) => adapter.name));
const SEARCHABLE = listInWords(allAdapters().filter((adapter) => adapter.find).map((adapter) => adapter.name));
const UNSEARCHABLE = listInWords(allAdapters().filter((adapter) => !adapter.find).map((adapter) => adapter.name));
/** "DEVTO_API_KEY, HASHNODE_TOKEN + HASHNODE_PUBLICATION_ID, ...": what each platform needs to publish. */
const CREDENTIALS_LIST = allAdapters()
  .map((adapter) => adapter.credentials.filter((credential) => credential.required).map((credential) => credential.env).join(' + '))
  .join(', ');

const EXIT_CODES_HELP = `
Exit codes:
  0  everything succeeded (a dry-run included)
  1  at least one platform failed (the others were still published and recorded)
  2  bad input, usage, config or credentials: nothing was sent
  3  another xpost run holds the state file lock
  70 an unexpected internal error (a bug: run with --debug and report it)`;

/**
 * The command tree. Each action imports its command module on demand, so `--help` and `--version`
 * never load the pipeline, the HTTP client or the platform adapters.
 */
export function buildProgram(terminal: Terminal, cwd: string, exit: ExitSlot): Command {
  const program = new Command('xpost')
    .description(`Cross-post one canonical Markdown post to ${PLATFORM_NAMES},\neach copy pointing back to the original, with a state file so nothing is posted twice.`)
    .version(VERSION, '-v, --version', 'print the xpost version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ xpost publish posts/my-post.md --to devto --dry-run    preview, no credentials needed
  $ xpost publish posts/my-post.md --to devto,hashnode     publish (tokens from the environment or .env)
  $ xpost publish posts/my-post.md --to all --json         every platform, machine-readable results
${EXIT_CODES_HELP}

Docs: README.md (front matter, environment variables, state file).`,
    );

  program
    .command('publish')
    .description('publish posts, or update the copies when the post changed; unchanged posts send nothing')
    .argument('<paths...>', 'Markdown posts: files, folders or quoted globs such as \'content/**/*.md\'')
    .addOption(new Option('-t, --to <platforms>', `comma-separated platforms: ${PLATFORM_LIST} (default: the platforms whose credentials are set)`))
    .option('-n, --dry-run', 'show exactly what would be sent; no network, no credentials, state untouched', false)
    .option('-f, --force', 're-send even when nothing changed (never creates a second copy)', false)
    .option('--now', 'publish platforms the schedule says are not due yet', false)
    .option('--changed-since <git-ref>', 'only posts changed since this git ref (e.g. HEAD~1, a push\'s before SHA; an all-zero SHA means every post)')
    .option('--state <path>', 'state file', '.xpost/state.json')
    .option('--commit-state', 'keep the state file in git on the checked-out branch: check it is the newest, push the intents before the first request and the records after the run (CI)', false)
    .option('-c, --config <path>', 'config file (default: xpost.config.yaml, .yml or .json in this directory)')
    .option('--json', 'print one JSON document with every result on stdout', false)
    .option('--debug', 'show stack traces for unexpected errors', false)
    .addHelpText(
      'after',
      `
Examples:
  $ xpost publish examples/hello-xpost.md --to devto --dry-run
  $ xpost publish posts/my-post.md --to devto
  $ xpost publish posts/my-post.md --to all --force
  $ xpost publish 'content/**/*.md' --changed-since HEAD~1     in CI, after a merge
  $ xpost publish 'posts/**/*.md' --commit-state --changed-since "$BEFORE_SHA"
                                  in CI on a push: the state file is committed and pushed to the branch
  $ DEVTO_API_KEY=... xpost publish posts/ --to devto --json

Platforms: ${PLATFORM_LIST}. Credentials are read from the environment, then .env:
  ${CREDENTIALS_LIST}
${EXIT_CODES_HELP}`,
    )
    .action(async (files: string[], options: PublishFlags) => {
      const { runPublishCommand } = await import('./commands/publish.js');
      exit.code = await runPublishCommand(files, options, terminal, cwd);
    });

  program
    .command('render')
    .description('print one post rendered for one platform, ready to paste (X threads and Reddit included)')
    .argument('<file>', 'Markdown post')
    .requiredOption('-p, --platform <platform>', `one of ${RENDER_PLATFORM_LIST}`)
    .option('-c, --config <path>', 'config file')
    .option('--json', 'print JSON (an X thread is an array of parts)', false)
    .addHelpText(
      'after',
      `
Examples:
  $ xpost render posts/my-post.md --platform x            the thread, part by part (each within 280 as X counts)
  $ xpost render posts/my-post.md --platform x --json     the parts as a JSON array
  $ xpost render posts/my-post.md --platform reddit       title and Markdown body ending with the canonical link`,
    )
    .action(async (file: string, options: { platform?: string; config?: string; json: boolean }) => {
      const { runRenderCommand } = await import('./commands/render.js');
      exit.code = await runRenderCommand(file, options, terminal, cwd);
    });

  program
    .command('preview')
    .description('write each platform\'s rendered text and exact request payload to files; no credentials, no network')
    .argument('<files...>', 'Markdown posts')
    .option('-t, --to <platforms>', `comma-separated: ${RENDER_PLATFORM_LIST} (default: all)`)
    .option('-o, --out <dir>', 'output folder', 'preview')
    .option('-c, --config <path>', 'config file')
    .option('--json', 'print the previews as JSON', false)
    .addHelpText(
      'after',
      `
Examples:
  $ xpost preview posts/my-post.md                        every platform into ./preview/my-post/
  $ xpost preview posts/my-post.md --to devto,x --out /tmp/xpost-preview`,
    )
    .action(async (files: string[], options: { to?: string; out: string; config?: string; json: boolean }) => {
      const { runPreviewCommand } = await import('./commands/preview.js');
      exit.code = await runPreviewCommand(files, options, terminal, cwd);
    });

  program
    .command('sync')
    .description('find copies already on the platforms (cross-posted before xpost, or by a run that died) and record them')
    .argument('<files...>', 'Markdown posts')
    .option('-t, --to <platforms>', `comma-separated platforms: ${PLATFORM_LIST} (default: all)`)
    .option('--state <path>', 'state file', '.xpost/state.json')
    .option('-c, --config <path>', 'config file')
    .option('--json', 'print the results as JSON', false)
    .addHelpText(
      'after',
      `
${SEARCHABLE} are searched by canonical URL (and slug where the platform has one). ${UNSEARCHABLE}
cannot be searched: check them by hand and record a copy with \`xpost state mark\`.

Examples:
  $ xpost sync posts/*.md --to devto,hashnode`,
    )
    .action(async (files: string[], options: { to?: string; state: string; config?: string; json: boolean }) => {
      const { runSyncCommand } = await import('./commands/sync.js');
      exit.code = await runSyncCommand(files, options, terminal, cwd);
    });

  program
    .command('status')
    .description('show where every post stands on every platform: published, changed, scheduled, failed, not published')
    .argument('[paths...]', 'posts: files, folders or quoted globs (default: the current folder)')
    .option('-t, --to <platforms>', `only these platforms: ${PLATFORM_LIST}`)
    .option('--state <path>', 'state file', '.xpost/state.json')
    .option('-c, --config <path>', 'config file')
    .option('--json', 'print the report as JSON', false)
    .addHelpText(
      'after',
      `
Examples:
  $ xpost status
  $ xpost status posts/ --to devto,hashnode
  $ xpost status 'content/**/*.md' --json`,
    )
    .action(async (paths: string[], options: StatusFlags) => {
      const { runStatusCommand } = await import('./commands/status.js');
      exit.code = await runStatusCommand(paths, options, terminal, cwd);
    });

  program
    .command('init')
    .description('set up this repository for xpost: config, .env.example and a GitHub Actions workflow; never overwrites a file')
    .option('--templates', 'also copy the built-in templates to templates/ and point the config at them', false)
    .option('--posts <dir>', "folder of your posts: the workflow watches and publishes it (default: the site generator's posts folder, else posts)")
    .option('--xpost <spec>', `the xpost the workflow runs: an npm version, a git tag (github:<owner>/<repo>#v1.2.3), a .tgz URL or path, or the Action at a tag (<owner>/<repo>@v1) (default: xpost@${VERSION})`)
    .option('--json', 'print {"created":[...],"skipped":[...],"site":{...}} on stdout', false)
    .addHelpText(
      'after',
      `
Finds the site generator (Hugo, Jekyll, Eleventy, Astro, Next.js, Gatsby) and uses its posts folder, site URL
and permalink rule. Creates each file only when it does not exist yet:
  xpost.config.yaml             every setting, commented, the detected site URL and canonical pattern, and a schedule of when each platform is due after the post
  .env.example                  every environment variable xpost reads
  .github/workflows/xpost.yml   publish on push to main and daily (the state file pushed by xpost), dry-run on pull requests
  templates/                    with --templates: the built-in templates, ready to edit

Examples:
  $ xpost init
  $ xpost init --posts content/blog --templates
  $ xpost init --xpost github:<owner>/xpost#v${VERSION}     before xpost is on npm: a git tag
  $ xpost init --xpost <owner>/xpost@v1                      the xpost GitHub Action instead of npx
  $ xpost init --json`,
    )
    .action(async (options: InitFlags) => {
      const { runInitCommand } = await import('./commands/init.js');
      exit.code = await runInitCommand(options, terminal, cwd);
    });

  const state = program.command('state').description('read or correct the state file by hand');
  for (const mode of ['mark', 'forget'] as const) {
    state
      .command(mode)
      .description(mode === 'mark' ? 'record a copy you found on a platform, as up to date with the post' : 'drop a platform record, so the next publish creates a new copy')
      .argument('<file>', 'Markdown post')
      .requiredOption('-p, --platform <platform>', PLATFORM_IDS.join(', '))
      .option('--id <id>', 'the copy\'s id on the platform (mark)')
      .option('--url <url>', 'the copy\'s URL (mark)')
      .option('--state <path>', 'state file', '.xpost/state.json')
      .option('-c, --config <path>', 'config file')
      .option('--json', 'print the result as JSON', false)
      .addHelpText(
        'after',
        mode === 'mark'
          ? `
Example:
  $ xpost state mark posts/my-post.md --platform medium --id 1a2b3c4d5e6f --url https://medium.com/@me/my-post-1a2b3c4d5e6f`
          : `
Example:
  $ xpost state forget posts/my-post.md --platform devto`,
      )
      .action(async (file: string, options: StateEditFlags) => {
        const { runStateEditCommand } = await import('./commands/state.js');
        exit.code = await runStateEditCommand(mode, file, options, terminal, cwd);
      });
  }

  return program;
}

export interface StatusFlags {
  to?: string;
  state: string;
  config?: string;
  json: boolean;
}

export interface PublishFlags {
  to?: string;
  dryRun: boolean;
  force: boolean;
  now: boolean;
  changedSince?: string;
  state: string;
  commitState: boolean;
  config?: string;
  json: boolean;
  debug: boolean;
}

/** ["a", "b", "c"] → "a, b and c". */
function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
