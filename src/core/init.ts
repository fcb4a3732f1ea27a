import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../config/config-file.js';
import { XpostError } from '../errors/xpost-error.js';
import { originVariable } from '../config/runtime.js';
import { allAdapters, allRenderTargets } from '../platforms/registry.js';
import { VERSION } from '../version.js';
import { builtInTemplateDir, TEMPLATE_FILES } from './templates.js';

export const DEFAULT_POSTS_DIR = 'posts';
export const DEFAULT_STATE_FILE = '.xpost/state.json';
export const WORKFLOW_FILE = '.github/workflows/xpost.yml';

export interface InitOptions {
  cwd: string;
  /** Folder of the posts, relative to cwd: the workflow's paths filter and publish glob. */
  postsDir?: string;
  /** Copy the built-in templates to templates/ and point the config at them. */
  withTemplates?: boolean;
  stateFile?: string;
}

export interface InitOutcome {
  /** Paths relative to cwd, with forward slashes, in the order they were written. */
  created: string[];
  /** Paths that already existed (or an existing equivalent, e.g. xpost.config.yml) and were left as they are. */
  skipped: string[];
}

export interface PlannedFile {
  /** Relative to cwd, with forward slashes. */
  path: string;
  content: string | Buffer;
  /** Existing files that stand in for this one: another config name would be shadowed, a second workflow would publish twice. */
  equivalents?: string[];
}

/** Writes the files `xpost init` sets a repository up with; nothing that exists is ever replaced. */
export async function initProject(options: InitOptions): Promise<InitOutcome> {
  return writePlannedFiles(options.cwd, await planInitFiles(options));
}

/** Every file init would write, with its content; reads the package's .env.example and templates. */
export async function planInitFiles(options: InitOptions): Promise<PlannedFile[]> {
  const postsDir = normalizeRelativePath(options.postsDir ?? DEFAULT_POSTS_DIR, '--posts');
  const stateFile = normalizeRelativePath(options.stateFile ?? DEFAULT_STATE_FILE, 'the state file');
  const withTemplates = options.withTemplates ?? false;
  const files: PlannedFile[] = [
    { path: CONFIG_FILE_NAMES[0], content: configFileText({ withTemplates }), equivalents: [...CONFIG_FILE_NAMES] },
    { path: '.env.example', content: envExampleText() },
    { path: WORKFLOW_FILE, content: workflowFileText({ postsDir, stateFile }), equivalents: [WORKFLOW_FILE, '.github/workflows/xpost.yaml'] },
  ];
  if (withTemplates) {
    for (const fileName of Object.values(TEMPLATE_FILES)) {
      files.push({ path: `templates/${fileName}`, content: await readFile(path.join(builtInTemplateDir(), fileName)) });
    }
  }
  return files;
}

/** Creates each file with its parent folders; flag 'wx' makes even a file created meanwhile by someone else survive. */
export async function writePlannedFiles(cwd: string, files: readonly PlannedFile[]): Promise<InitOutcome> {
  const outcome: InitOutcome = { created: [], skipped: [] };
  for (const file of files) {
    const existing = await firstExisting(cwd, file.equivalents ?? [file.path]);
    if (existing) {
      outcome.skipped.push(existing);
      continue;
    }
    const target = path.join(cwd, ...file.path.split('/'));
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.content, { flag: 'wx' });
      outcome.created.push(file.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        outcome.skipped.push(file.path);
        continue;
      }
      throw new XpostError('USAGE', `cannot create ${file.path} (${code ?? (error as Error).message})`, {
        file: file.path,
        hint: 'Check that the folder is writable and that no file stands where a folder is needed.',
        cause: error,
      });
    }
  }
  return outcome;
}

async function firstExisting(cwd: string, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    const found = await access(path.join(cwd, ...candidate.split('/'))).then(
      () => true,
      () => false,
    );
    if (found) return candidate;
  }
  return undefined;
}

/** A plain relative path: it is written into YAML and shell lines, so only characters that need no quoting pass. */
export function normalizeRelativePath(value: string, label: string): string {
  const normalized = value.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  const segments = normalized.split('/');
  const valid = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(normalized) && segments.every((segment) => segment !== '.' && segment !== '..');
  if (!valid) {
    throw new XpostError('USAGE', `${label} "${value}" must be a folder path inside this repository, e.g. posts or content/blog`, {
      hint: 'Use letters, digits, ".", "_", "-" and "/" only, without ".." or a leading "/".',
    });
  }
  return normalized;
}

/** The starter config: every key the schema accepts, commented out where no default fits every blog. */
export function configFileText({ withTemplates }: { withTemplates: boolean }): string {
  return `# xpost configuration. Every key is optional; a line "# key: value" is an example: remove "# " to use it.
# Credentials never go here: they are environment variables (see .env.example).

# Your own blog, where every post is published first.
# site:
#   url: https://blog.example.com
#   name: My blog
#   # The canonical URL of a post whose front matter sets none.
#   canonical: "{site}/blog/posts/{slug}/"

# About you, for the templates (the "first published on" note, the closing links, the X thread).
# author:
#   name: Jane Doe
#   role: Software Engineer
#   bio: I write about building web applications.
#   links:
#     portfolio: https://example.com
#     blog: https://blog.example.com
#     linkedin: https://www.linkedin.com/in/janedoe
#     github: https://github.com/janedoe
#   x_handle: janedoe

# Your own templates: a file in this folder replaces the built-in one of the same name
# (${Object.values(TEMPLATE_FILES).join(', ')}).
# Run \`xpost init --templates\` to copy the built-in ones there.
${withTemplates ? '' : '# '}templates: templates

# Per platform: "enabled: false" leaves it out of runs without --to and of --to all;
# "published" is the status of posts that do not set one; "tags" replace the post's own.
# A run without --to publishes to the enabled platforms whose credentials are set.
platforms:
${platformBlocksText()}

# Front matter fields kept under other names than xpost reads by itself (see "Your site generator" in the README).
# front_matter:
#   cover_image: hero.src

# Posts xpost leaves alone (posts with \`draft: true\` always are).
# posts:
#   # Also posts with \`published: false\`, instead of creating drafts on the platforms.
#   skip_unpublished: true

# Site-generator syntax xpost does not convert by itself: Hugo shortcodes and Liquid tags by name, MDX
# components by name; each a Markdown template ({{name}}, {{0}}, {{inner}}), { embed: "<url template>" } or false.
# shortcodes: { notice: "> **{{0}}**: {{inner}}", ad: false }
# components: { Video: { embed: "https://vimeo.com/{{id}}" } }

# How long after a post's \`date\` each platform is due (w, d, h, m; 0 = at once); --now ignores it.
# The workflow also runs daily, so a platform is published when its day comes, without a new commit.
# Own blog first; a week later dev.to and LinkedIn; in week 3 the threads (X, Bluesky, Mastodon) and Hashnode; then Medium.
schedule:
${scheduleText()}

# Time zone of front matter dates without a time (an IANA name such as Europe/Berlin).
timezone: UTC
`;
}

/** Each platform's block of the config file, as its adapter words it. */
function platformBlocksText(): string {
  return allAdapters()
    .map((adapter) => [`  ${adapter.id}:`, ...adapter.initConfig.map((line) => `    ${line}`)].join('\n'))
    .join('\n');
}

/** The author's calendar: each target's delay after the post's date, in the order it comes due. */
function scheduleText(): string {
  const due = allRenderTargets().filter((target) => target.initSchedule !== undefined);
  const width = Math.max(...due.map((target) => `${target.id}: ${target.initSchedule}`.length));
  return due
    .sort((a, b) => Number.parseInt(a.initSchedule ?? '0', 10) - Number.parseInt(b.initSchedule ?? '0', 10))
    .map((target) => {
      const line = `  ${target.id}: ${target.initSchedule}`;
      return target.initScheduleComment ? `${line.padEnd(width + 4)}# ${target.initScheduleComment}` : line;
    })
    .join('\n');
}

/** .env.example: every variable xpost reads, from the platforms' own declarations. */
export function envExampleText(): string {
  const platformSections = allAdapters().map((adapter) => {
    const lines = [`# ${adapter.name}`];
    for (const credential of adapter.credentials) lines.push(`# ${credential.howToGet}`, `${credential.env}=`);
    for (const setting of adapter.settings) {
      if (setting.env && !adapter.credentials.some((credential) => credential.env === setting.env)) lines.push(`# ${setting.describe}`, `${setting.env}=`);
    }
    return lines.join('\n');
  });
  return `# xpost reads these from the environment, then from .env in the working directory
# (a variable set in the real environment always wins). Never commit your .env.

${platformSections.join('\n\n')}

# Point a platform at another server (tests, proxies): scheme://host[:port]; paths stay the real ones
${allAdapters().map((adapter) => `${originVariable(adapter.id)}=`).join('\n')}

# HTTP tuning (milliseconds / counts)
XPOST_TIMEOUT_MS=30000
XPOST_RETRY_MAX_ATTEMPTS=4
XPOST_RETRY_BASE_MS=1000
XPOST_RETRY_MAX_WAIT_MS=120000

# State file lock (milliseconds): how long to wait for another run, and when a lock is abandoned
XPOST_LOCK_WAIT_MS=60000
XPOST_LOCK_STALE_MS=20000
`;
}

/** Credentials the publish job passes from repository secrets: every variable a platform reads. */
function workflowSecretNames(): string[] {
  const fromPlatforms = allAdapters().flatMap((adapter) => [
    ...adapter.credentials.map((credential) => credential.env),
    ...adapter.settings.flatMap((setting) => (setting.env ? [setting.env] : [])),
  ]);
  return [...new Set(fromPlatforms)];
}

/** The GitHub Actions workflow: publish on merge and daily, dry-run on pull requests, state committed back. */
export function workflowFileText({ postsDir, stateFile }: { postsDir: string; stateFile: string }): string {
  const secretLines = workflowSecretNames()
    .map((name) => `          ${name}: \${{ secrets.${name} }}`)
    .join('\n');
  // Pinned to the xpost that wrote the workflow: a new release (or whoever publishes under the name) never runs unreviewed.
  const xpost = `npx --yes xpost@${VERSION}`;
  const posts = `'${postsDir}/**/*.md'`;
  return `# Generated by \`xpost init\`. Publishes the posts in ${postsDir}/ to the platforms enabled in
# xpost.config.yaml whose secrets are set, and commits ${stateFile} back, so no post is ever sent twice.
# Add the secrets under Settings > Secrets and variables > Actions (names: .env.example);
# those of platforms you do not use stay unset.
name: xpost

on:
  push:
    # Change main if your default branch has another name.
    branches: [main]
    paths: ['${postsDir}/**']
  # A preview in the pull request's log and summary: no secrets, nothing sent, nothing committed.
  pull_request:
    paths: ['${postsDir}/**']
  # Daily, so platforms whose schedule comes due are published without a new commit
  # (GitHub pauses schedules of public repositories after 60 days without activity).
  schedule:
    - cron: '17 7 * * *'
  workflow_dispatch:

# Read-only unless a job asks for more: only the publish job may push.
permissions:
  contents: read

jobs:
  dry-run:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # --changed-since needs the base commit
          persist-credentials: false
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - name: Preview (xpost publish --dry-run)
        env:
          BASE_SHA: \${{ github.event.pull_request.base.sha }}
        # Only the posts this pull request changes.
        run: ${xpost} publish ${posts} --dry-run --state ${stateFile} --changed-since "$BASE_SHA"

  publish:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 60
    permissions:
      contents: write # to commit ${stateFile} back
    # One publish at a time: a second merge waits for the first instead of racing it for the state file.
    concurrency:
      group: xpost-publish
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the rebase before pushing the state file needs the history
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      # npx fetches the published CLI, so this repository needs no package.json or npm install;
      # the version is pinned: raise it when you upgrade. Every post is passed: the state file
      # makes unchanged ones a no-op, and the schedule decides which platforms are due.
      - name: Publish (xpost publish)
        id: publish
        env:
${secretLines}
        run: ${xpost} publish ${posts} --state ${stateFile}
      # Also after a failed publish (exit 1): what did get published must be recorded, or the next
      # run posts it again. Skipped only when publish never started; the job still fails afterwards
      # because the publish step did.
      - name: Commit the state file
        if: always() && steps.publish.outcome != 'skipped'
        run: |
          # --ignored and --force: a .gitignore listing .xpost/ must not silently drop the record.
          if [ -z "$(git status --porcelain --ignored -- ${stateFile})" ]; then
            echo "${stateFile} unchanged: nothing to commit"
            exit 0
          fi
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          git add --force -- ${stateFile}
          git commit -m "xpost: record published posts [skip ci]"
          # A commit pushed while xpost ran would reject the push: replay the record on top of it.
          git pull --rebase origin "$GITHUB_REF_NAME"
          git push origin "HEAD:$GITHUB_REF_NAME"
`;
}
