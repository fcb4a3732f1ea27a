import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../config/config-file.js';
import { XpostError } from '../errors/xpost-error.js';
import { originVariable } from '../config/runtime.js';
import { allAdapters, allRenderTargets } from '../platforms/registry.js';
import { detectSite, type DetectedSite } from '../sources/detect.js';
import { VERSION } from '../version.js';
import { builtInTemplateDir, TEMPLATE_FILES } from './templates.js';

export const DEFAULT_POSTS_DIR = 'posts';
export const DEFAULT_STATE_FILE = '.xpost/state.json';
export const WORKFLOW_FILE = '.github/workflows/xpost.yml';

/** The extensions of post files, as the workflow's `paths:` filter lists them (GitHub's filters have no {a,b}). */
const POST_EXTENSIONS = ['md', 'markdown', 'mdx'];

export interface InitOptions {
  cwd: string;
  /** Folder of the posts, relative to cwd: the workflow's paths filter and publish glob; defaults to the detected site's. */
  postsDir?: string;
  /** The site generator found in cwd: its site URL and permalink rule go into the config, its posts folder into the workflow. */
  site?: DetectedSite;
  /** Copy the built-in templates to templates/ and point the config at them. */
  withTemplates?: boolean;
  stateFile?: string;
  /** Where the workflow gets xpost; defaults to this version from npm. */
  xpost?: XpostSource;
}

export interface InitOutcome {
  /** Paths relative to cwd, with forward slashes, in the order they were written. */
  created: string[];
  /** Paths that already existed (or an existing equivalent, e.g. xpost.config.yml) and were left as they are. */
  skipped: string[];
}

/** What init wrote, with the site it detected and the posts folder it chose. */
export interface InitResult extends InitOutcome {
  site: DetectedSite;
  postsDir: string;
}

export interface PlannedFile {
  /** Relative to cwd, with forward slashes. */
  path: string;
  content: string | Buffer;
  /** Existing files that stand in for this one: another config name would be shadowed, a second workflow would publish twice. */
  equivalents?: string[];
}

/**
 * Writes the files `xpost init` sets a repository up with, for the site generator it finds in cwd
 * (its posts folder, site URL and permalink rule); nothing that exists is ever replaced.
 */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const site = options.site ?? (await detectSite(options.cwd));
  const postsDir = postsDirFor({ ...options, site });
  const outcome = await writePlannedFiles(options.cwd, await planInitFiles({ ...options, site, postsDir }));
  return { ...outcome, site, postsDir };
}

/** The posts folder: the one given, else the detected site's, else posts/ (a plain folder's own is the repository itself). */
function postsDirFor(options: InitOptions): string {
  const detected = options.site && options.site.generator !== 'plain' && options.site.postsDir !== '.' ? options.site.postsDir : undefined;
  return normalizeRelativePath(options.postsDir ?? detected ?? DEFAULT_POSTS_DIR, '--posts');
}

/** The glob of every post file in a folder, as publish reads it. */
export function postsGlobOf(postsDir: string): string {
  return `${postsDir}/**/*.{${POST_EXTENSIONS.join(',')}}`;
}

/** Every file init would write, with its content; reads the package's .env.example and templates. */
export async function planInitFiles(options: InitOptions): Promise<PlannedFile[]> {
  const postsDir = postsDirFor(options);
  const stateFile = normalizeRelativePath(options.stateFile ?? DEFAULT_STATE_FILE, 'the state file');
  const withTemplates = options.withTemplates ?? false;
  const files: PlannedFile[] = [
    { path: CONFIG_FILE_NAMES[0], content: configFileText({ withTemplates, site: options.site }), equivalents: [...CONFIG_FILE_NAMES] },
    { path: '.env.example', content: envExampleText() },
    { path: WORKFLOW_FILE, content: workflowFileText({ postsDir, stateFile, xpost: options.xpost }), equivalents: [WORKFLOW_FILE, '.github/workflows/xpost.yaml'] },
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
export function configFileText({ withTemplates, site }: { withTemplates: boolean; site?: DetectedSite }): string {
  return `# xpost configuration. Every key is optional; a line "# key: value" is an example: remove "# " to use it.
# Credentials never go here: they are environment variables (see .env.example).

${siteBlockText(site)}

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

/**
 * The `site:` block with the site URL and canonical pattern the generator's config states; without
 * a site URL the whole block stays a commented example (the detected pattern in it).
 */
function siteBlockText(site: DetectedSite | undefined): string {
  const detected = site && site.generator !== 'plain' ? site : undefined;
  const canonicalComment = detected?.canonical
    ? `# The canonical URL of a post whose front matter sets none: ${detected.name}'s permalink rule.`
    : `# The canonical URL of a post whose front matter sets none.${detected?.canonicalNote ? ` ${sentence(detected.canonicalNote)}` : ''}`;
  const canonical = `canonical: ${JSON.stringify(detected?.canonical ?? '{site}/blog/posts/{slug}/')}`;
  if (!detected?.siteUrl) {
    return ['# Your own blog, where every post is published first.', '# site:', '#   url: https://blog.example.com', '#   name: My blog', `#   ${canonicalComment}`, `#   ${canonical}`].join('\n');
  }
  return [
    `# Your own blog, where every post is published first (read from the ${detected.name} config by \`xpost init\`).`,
    'site:',
    `  url: ${detected.siteUrl}`,
    '  # name: My blog',
    `  ${canonicalComment}`,
    `  ${detected.canonical ? '' : '# '}${canonical}`,
  ].join('\n');
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
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

/** The runner actions the workflow uses: the first majors whose action.yml runs on Node 24. */
export const CHECKOUT_ACTION = 'actions/checkout@v7';
export const SETUP_NODE_ACTION = 'actions/setup-node@v7';

/**
 * Where the workflow gets xpost. A package spec is run with npx (the npm version, a git tag or a
 * tarball); an Action reference (`owner/repo@v1`) becomes a `uses:` step that runs the Action's
 * committed bundle. Either way it is pinned: a new release, or whoever publishes under a similar
 * name, never runs unreviewed with the job's secrets.
 */
export type XpostSource = { kind: 'package'; spec: string } | { kind: 'action'; uses: string };

/** The xpost that is writing the workflow, as published on npm. */
export function defaultXpostSource(): XpostSource {
  return { kind: 'package', spec: `xpost@${VERSION}` };
}

const ACTION_REFERENCE = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._/-]+)?@[A-Za-z0-9._/-]+$/;
const NPM_VERSION = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*@\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const GIT_TAG = /^(github|gitlab|bitbucket):[A-Za-z0-9-]+\/[A-Za-z0-9._-]+#[A-Za-z0-9._/-]+$|^git\+https:\/\/[^\s#]+#[A-Za-z0-9._/-]+$/;
const TARBALL = /^(https:\/\/[^\s]+|file:[^\s]+|\/[^\s]+|[A-Za-z]:\/[^\s]+)\.(tgz|tar\.gz)$/;

/** `init --xpost <spec>`: an exact npm version, a git tag, a tarball, or the repository's Action at a tag. */
export function parseXpostSource(value: string): XpostSource {
  const spec = value.trim();
  // It is written into YAML and a shell line, single-quoted: nothing that could end the quote or start an expansion.
  const plain = /^[A-Za-z0-9@._/:#+~=%-]+$/.test(spec);
  if (plain && ACTION_REFERENCE.test(spec) && !spec.includes(':')) return { kind: 'action', uses: spec };
  if (plain && (NPM_VERSION.test(spec) || GIT_TAG.test(spec) || TARBALL.test(spec))) return { kind: 'package', spec };
  throw new XpostError('USAGE', `--xpost "${value}" is not a pinned xpost: the workflow must run exactly the xpost you chose`, {
    hint: `Give an exact npm version (xpost@${VERSION}), a git tag (github:<owner>/<repo>#v${VERSION}), a tarball URL or path ending in .tgz (forward slashes), or the repository's Action at a tag (<owner>/<repo>@v1).`,
  });
}

/** The GitHub Actions workflow: publish on push and daily from the branch tip with the state kept on the branch; dry-run on pull requests. */
export function workflowFileText({ postsDir, stateFile, xpost = defaultXpostSource() }: { postsDir: string; stateFile: string; xpost?: XpostSource }): string {
  const secretLines = workflowSecretNames().map((name) => `          ${name}: \${{ secrets.${name} }}`);
  const posts = postsGlobOf(postsDir);
  const pathFilters = POST_EXTENSIONS.map((extension) => `'${postsDir}/**/*.${extension}'`).join(', ');
  const setupNode = [
    `      - uses: ${SETUP_NODE_ACTION}`,
    '        with:',
    '          node-version: 24',
    '          package-manager-cache: false # no cache a pull request could have filled in a job that holds secrets',
  ];
  const npx = xpost.kind === 'package' ? `npx --yes --package='${xpost.spec}' -- xpost` : '';
  const previewSteps =
    xpost.kind === 'package'
      ? [
          ...setupNode,
          '      - name: Preview (xpost publish --dry-run)',
          '        env:',
          '          BASE_SHA: ${{ github.event.pull_request.base.sha }}',
          '        # Only the posts this pull request changes.',
          `        run: ${npx} publish '${posts}' --dry-run --state ${stateFile} --changed-since "$BASE_SHA"`,
        ]
      : [
          '      - name: Preview (xpost publish --dry-run)',
          `        uses: ${xpost.uses}`,
          '        with:',
          `          paths: '${posts}'`,
          `          state: ${stateFile}`,
          '          dry-run: true',
          '          args: --changed-since ${{ github.event.pull_request.base.sha }}',
        ];
  const changedSince = "github.event_name == 'push' && !github.event.forced && github.event.before || ''";
  const publishSteps =
    xpost.kind === 'package'
      ? [
          ...setupNode,
          '      # Pushes the state file itself (--commit-state): the intents before the first request, the records after.',
          '      - name: Publish (xpost publish --commit-state)',
          '        env:',
          ...secretLines,
          '          # A push: the posts changed since its `before` commit. The schedule and a manual run: every post',
          '          # (the state file makes unchanged ones a no-op). A new branch or a force push: every post too.',
          `          CHANGED_SINCE: \${{ ${changedSince} }}`,
          `        run: ${npx} publish '${posts}' --state ${stateFile} --commit-state \${CHANGED_SINCE:+--changed-since "$CHANGED_SINCE"}`,
        ]
      : [
          '      # Pushes the state file itself (commit-state): the intents before the first request, the records after.',
          '      - name: Publish (xpost publish --commit-state)',
          `        uses: ${xpost.uses}`,
          '        with:',
          `          paths: '${posts}'`,
          `          state: ${stateFile}`,
          `          args: \${{ github.event_name == 'push' && !github.event.forced && format('--changed-since {0}', github.event.before) || '' }}`,
          '        env:',
          ...secretLines,
        ];
  const source =
    xpost.kind === 'package'
      ? `# It runs ${xpost.spec} (the xpost that wrote it; \`xpost init --xpost <spec>\` chooses another):\n# change it in both jobs when you upgrade.`
      : `# It runs the xpost Action ${xpost.uses} (\`xpost init --xpost <spec>\` chooses another).`;
  return `# Generated by \`xpost init\`. Publishes the posts in ${postsDir}/ to the platforms enabled in
# xpost.config.yaml whose secrets are set, and keeps ${stateFile} on the branch, so no post is ever sent twice.
# Add the secrets under Settings > Secrets and variables > Actions (names: .env.example);
# those of platforms you do not use stay unset.
${source}
name: xpost

on:
  push:
    # Change main if your default branch has another name.
    branches: [main]
    paths: [${pathFilters}]
  # A preview in the pull request's log and summary: no secrets, nothing sent, nothing committed.
  pull_request:
    paths: [${pathFilters}]
  # Daily, so platforms whose schedule comes due are published without a new commit
  # (GitHub pauses schedules of public repositories after 60 days without activity).
  schedule:
    - cron: '17 7 * * *'
  # By hand, from the default branch only (another branch's state file must not publish).
  workflow_dispatch:

# Nothing unless a job asks for it.
permissions: {}

jobs:
  dry-run:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read
    steps:
      - uses: ${CHECKOUT_ACTION}
        with:
          fetch-depth: 0 # --changed-since needs the base commit
          persist-credentials: false
${previewSteps.join('\n')}

  publish:
    if: >-
      github.event_name == 'push' || github.event_name == 'schedule' ||
      (github.event_name == 'workflow_dispatch' && github.ref_name == github.event.repository.default_branch)
    runs-on: ubuntu-latest
    timeout-minutes: 30
    permissions:
      contents: write # xpost pushes ${stateFile} to the branch
    # One publish at a time: a second run waits for the first, then starts from the state it pushed.
    # (GitHub keeps one waiting run: a third replaces the second, and the daily run publishes what it skipped.)
    concurrency:
      group: xpost-publish
      cancel-in-progress: false
    steps:
      - uses: ${CHECKOUT_ACTION}
        with:
          # The branch tip, not the commit that triggered the run: it holds the state committed by runs
          # that finished in the meantime. xpost refuses to publish from an older state file.
          ref: \${{ github.ref_name }}
          fetch-depth: 0 # --changed-since and the state merge need the history
          # A protected branch refuses the job's GITHUB_TOKEN: pass a token that may push (README, "Protected branches"):
          # token: \${{ secrets.XPOST_PUSH_TOKEN }}
${publishSteps.join('\n')}
`;
}
