import { cp, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { VERSION } from '../../src/version.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runInitCommand } from '../../src/cli/commands/init.js';
import { configSchema } from '../../src/config/config-schema.js';
import { CHECKOUT_ACTION, configFileText, initProject, parseXpostSource, SETUP_NODE_ACTION, WORKFLOW_FILE } from '../../src/core/init.js';
import { builtInTemplateDir, TEMPLATE_FILES } from '../../src/core/templates.js';
import { allAdapters } from '../../src/platforms/registry.js';
import { fakeTerminal } from '../helpers/fake-terminal.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BASE_FILES = ['xpost.config.yaml', '.env.example', WORKFLOW_FILE];
const TEMPLATE_PATHS = Object.values(TEMPLATE_FILES).map((name) => `templates/${name}`);

const stepSchema = z.object({
  name: z.string().optional(),
  id: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  run: z.string().optional(),
  shell: z.string().optional(),
});
type Step = z.infer<typeof stepSchema>;

const jobSchema = z.object({
  if: z.string(),
  'timeout-minutes': z.number().int().positive(),
  permissions: z.object({ contents: z.enum(['read', 'write']) }).strict(),
  concurrency: z.object({ group: z.string(), 'cancel-in-progress': z.boolean() }).optional(),
  steps: z.array(stepSchema),
});

const workflowSchema = z.object({
  on: z.object({
    push: z.object({ branches: z.array(z.string()), paths: z.array(z.string()) }),
    pull_request: z.object({ paths: z.array(z.string()) }),
    schedule: z.array(z.object({ cron: z.string() })).min(1),
    workflow_dispatch: z.null(),
  }),
  permissions: z.object({}).strict(),
  jobs: z.object({ 'dry-run': jobSchema, publish: jobSchema }),
});

const actionSchema = z.object({
  name: z.string(),
  inputs: z.record(z.string(), z.object({ description: z.string(), default: z.string() })),
  outputs: z.record(z.string(), z.object({ description: z.string() })),
  runs: z.object({ using: z.string(), main: z.string() }).strict(),
});

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'xpost-init-'));
}

async function readWorkflow(dir: string): Promise<z.infer<typeof workflowSchema>> {
  return workflowSchema.parse(parse(await readFile(path.join(dir, WORKFLOW_FILE), 'utf8')));
}

function stepRunning(steps: Step[], text: string): Step {
  const step = steps.find((candidate) => candidate.run?.includes(text));
  if (!step) throw new Error(`no step runs "${text}"`);
  return step;
}

/** Removes "# " before every commented-out "key:" line, the way a user turns an example on. */
function uncommentExamples(text: string): string {
  return text.replace(/^(\s*)# ( *)(?=[a-z_][a-z0-9_]*:(\s|$))/gm, '$1$2');
}

describe('initProject', () => {
  it('creates the config, .env.example and the workflow, and no templates unless asked', async () => {
    const dir = await tempDir();
    const outcome = await initProject({ cwd: dir });
    expect(outcome).toMatchObject({ created: BASE_FILES, skipped: [], postsDir: 'posts', site: { generator: 'plain' } });
    const envExample = await readFile(path.join(dir, '.env.example'), 'utf8');
    for (const adapter of allAdapters()) {
      for (const credential of adapter.credentials) expect(envExample).toContain(`\n${credential.env}=\n`);
      for (const setting of adapter.settings) if (setting.env) expect(envExample).toContain(`\n${setting.env}=\n`);
      expect(envExample).toContain(`\nXPOST_${adapter.id.toUpperCase()}_API_URL=\n`);
    }
    expect(await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8')).toBe(configFileText({ withTemplates: false }));
    await expect(stat(path.join(dir, 'templates'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('copies every built-in template with --templates and points the config at them', async () => {
    const dir = await tempDir();
    const outcome = await initProject({ cwd: dir, withTemplates: true });
    expect(outcome.created).toEqual([...BASE_FILES, ...TEMPLATE_PATHS]);
    for (const name of Object.values(TEMPLATE_FILES)) {
      expect(await readFile(path.join(dir, 'templates', name))).toEqual(await readFile(path.join(builtInTemplateDir(), name)));
    }
    const config = configSchema.parse(parse(await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8')));
    expect(config.templates).toBe('templates');
  });

  it('skips everything on a second run and changes no byte and no mtime', async () => {
    const dir = await tempDir();
    const first = await initProject({ cwd: dir, withTemplates: true });
    const past = new Date('2020-01-01T00:00:00Z');
    const before = new Map<string, Buffer>();
    for (const file of first.created) {
      await utimes(path.join(dir, file), past, past);
      before.set(file, await readFile(path.join(dir, file)));
    }
    const second = await initProject({ cwd: dir, withTemplates: true, postsDir: 'elsewhere' });
    expect(second).toMatchObject({ created: [], skipped: first.created });
    for (const [file, bytes] of before) {
      expect(await readFile(path.join(dir, file))).toEqual(bytes);
      expect((await stat(path.join(dir, file))).mtimeMs).toBe(past.getTime());
    }
  });

  it('leaves an existing config untouched (any of its names) and still creates the other files', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'xpost.config.yaml'), 'timezone: Europe/Berlin\n');
    const outcome = await initProject({ cwd: dir });
    expect(outcome).toMatchObject({ created: ['.env.example', WORKFLOW_FILE], skipped: ['xpost.config.yaml'] });
    expect(await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8')).toBe('timezone: Europe/Berlin\n');

    const other = await tempDir();
    await writeFile(path.join(other, 'xpost.config.json'), '{}');
    const withJson = await initProject({ cwd: other });
    expect(withJson.skipped).toEqual(['xpost.config.json']);
    await expect(stat(path.join(other, 'xpost.config.yaml'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not add a second workflow next to an existing xpost.yaml', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, '.github', 'workflows'), { recursive: true });
    await writeFile(path.join(dir, '.github', 'workflows', 'xpost.yaml'), 'name: mine\n');
    const outcome = await initProject({ cwd: dir });
    expect(outcome.skipped).toEqual(['.github/workflows/xpost.yaml']);
  });

  it('refuses a posts folder that is not a plain relative path, and tidies one that is', async () => {
    for (const postsDir of ['../outside', '/abs/posts', "it's", 'a b', '.', '$(reboot)']) {
      await expect(initProject({ cwd: await tempDir(), postsDir })).rejects.toMatchObject({ code: 'USAGE' });
    }
    const dir = await tempDir();
    await initProject({ cwd: dir, postsDir: './content/blog/' });
    const workflow = await readWorkflow(dir);
    expect(workflow.on.push.paths).toEqual(['content/blog/**/*.md', 'content/blog/**/*.markdown', 'content/blog/**/*.mdx']);
  });
});

describe('initProject on a site generator\'s repository', () => {
  const sitesDir = path.join(repoRoot, 'tests', 'fixtures', 'sites');

  it('writes the site URL and canonical pattern the generator states, and watches and publishes its posts folder in every post format', async () => {
    const dir = await tempDir();
    await cp(path.join(sitesDir, 'hugo'), dir, { recursive: true });
    await rm(path.join(dir, 'xpost.config.yaml'));
    const outcome = await initProject({ cwd: dir });
    expect(outcome).toMatchObject({ postsDir: 'content/posts', site: { generator: 'hugo', siteUrl: 'https://hugo.example.org/', canonical: '{site}/{year}/{month}/{slug_or_title}/' } });
    const text = await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8');
    expect(text).toContain('read from the Hugo config by `xpost init`');
    expect(configSchema.parse(parse(text)).site).toEqual({ url: 'https://hugo.example.org/', canonical: '{site}/{year}/{month}/{slug_or_title}/' });
    const workflow = await readWorkflow(dir);
    expect(workflow.on.push.paths).toEqual(['content/posts/**/*.md', 'content/posts/**/*.markdown', 'content/posts/**/*.mdx']);
    expect(stepRunning(workflow.jobs.publish.steps, 'publish').run).toContain("publish 'content/posts/**/*.{md,markdown,mdx}' --state");
  });

  it('keeps the site block a commented example, with the detected pattern, when the generator states no site URL', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, '_posts'));
    await writeFile(path.join(dir, '_config.yml'), 'title: Mine\npermalink: pretty\n');
    const outcome = await initProject({ cwd: dir });
    expect(outcome).toMatchObject({ postsDir: '_posts', site: { generator: 'jekyll', siteUrl: undefined } });
    const text = await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8');
    expect(configSchema.parse(parse(text)).site).toBeUndefined();
    expect(text).toContain('#   canonical: "{site}/{categories}/{year}/{month}/{day}/{slug}/"');
    expect(configSchema.parse(parse(uncommentExamples(text))).site?.canonical).toBe('{site}/{categories}/{year}/{month}/{day}/{slug}/');
  });

  it('says why there is no canonical pattern when the generator\'s rule has none', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'astro.config.mjs'), "export default { site: 'https://astro.blog.example.org' }\n");
    await initProject({ cwd: dir });
    const text = await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8');
    const config = configSchema.parse(parse(text));
    expect(config.site).toEqual({ url: 'https://astro.blog.example.org' });
    expect(text).toMatch(/# The canonical URL of a post whose front matter sets none\. No src\/pages\/.*set site\.canonical by hand\.\n  # canonical: /);
  });

  it('uses --posts over the detected folder', async () => {
    const dir = await tempDir();
    await cp(path.join(sitesDir, 'jekyll'), dir, { recursive: true });
    await rm(path.join(dir, 'xpost.config.yaml'));
    const outcome = await initProject({ cwd: dir, postsDir: 'news' });
    expect(outcome.postsDir).toBe('news');
    expect((await readWorkflow(dir)).on.push.paths[0]).toBe('news/**/*.md');
    expect(configSchema.parse(parse(await readFile(path.join(dir, 'xpost.config.yaml'), 'utf8'))).site?.url).toBe('https://jekyll.example.org/blog');
  });
});

describe('the generated config', () => {
  it('parses and validates, with the publishing calendar as the schedule', () => {
    const config = configSchema.parse(parse(configFileText({ withTemplates: false })));
    expect(config.schedule).toEqual({ devto: '7d', linkedin: '7d', x: '14d', hashnode: '14d', bluesky: '14d', mastodon: '14d', medium: '21d' });
    expect(config.timezone).toBe('UTC');
    expect(config.templates).toBeUndefined();
    expect(config.platforms?.devto?.enabled).toBe(true);
  });

  it('still validates with every commented-out example turned on', () => {
    const uncommented = uncommentExamples(configFileText({ withTemplates: false }));
    const config = configSchema.parse(parse(uncommented));
    expect(config.site?.url).toMatch(/^https:/);
    expect(config.author?.links).toBeDefined();
    expect((config.platforms?.['linkedin'] as Record<string, unknown> | undefined)?.['version']).toBe('202606');
    expect((config.platforms?.['medium'] as Record<string, unknown> | undefined)?.['publish_status']).toBe('draft');
    expect(config.templates).toBe('templates');
  });

  it('documents every key the schema accepts', () => {
    const text = configFileText({ withTemplates: false });
    const platformKeys = ['enabled', 'published', 'tags', 'publication_id', 'publish_status', 'notify_followers', 'version', 'author_urn'];
    for (const key of [...Object.keys(configSchema.shape), 'url', 'canonical', 'bio', 'links', 'x_handle', ...platformKeys]) {
      expect(text).toMatch(new RegExp(`^[ #]*${key}:`, 'm'));
    }
  });
});

describe('the generated workflow', () => {
  const npx = `npx --yes --package='xpost@${VERSION}' -- xpost`;

  it('publishes on push and daily from the branch tip, and xpost pushes the state file itself', async () => {
    const dir = await tempDir();
    await initProject({ cwd: dir });
    const workflow = await readWorkflow(dir);
    expect(workflow.on.push).toEqual({ branches: ['main'], paths: ['posts/**/*.md', 'posts/**/*.markdown', 'posts/**/*.mdx'] });
    expect(workflow.on.pull_request.paths).toEqual(workflow.on.push.paths);
    expect(workflow.on.schedule[0]?.cron).toBe('17 7 * * *');

    const publish = workflow.jobs.publish;
    expect(publish.if).toBe("github.event_name == 'push' || github.event_name == 'schedule' || (github.event_name == 'workflow_dispatch' && github.ref_name == github.event.repository.default_branch)");
    expect(publish.permissions).toEqual({ contents: 'write' });
    expect(publish.concurrency).toEqual({ group: 'xpost-publish', 'cancel-in-progress': false });
    expect(publish.steps[0]).toEqual({ uses: CHECKOUT_ACTION, with: { ref: '${{ github.ref_name }}', 'fetch-depth': 0 } });
    expect(publish.steps[1]).toEqual({ uses: SETUP_NODE_ACTION, with: { 'node-version': 24, 'package-manager-cache': false } });
    const publishStep = stepRunning(publish.steps, `${npx} publish`);
    expect(publishStep.run).toBe(`${npx} publish 'posts/**/*.{md,markdown,mdx}' --state .xpost/state.json --commit-state \${CHANGED_SINCE:+--changed-since "$CHANGED_SINCE"}`);
    expect(publishStep.env?.['CHANGED_SINCE']).toBe("${{ github.event_name == 'push' && !github.event.forced && github.event.before || '' }}");
    for (const name of ['DEVTO_API_KEY', 'HASHNODE_TOKEN', 'HASHNODE_PUBLICATION_ID', 'MEDIUM_TOKEN', 'LINKEDIN_ACCESS_TOKEN', 'LINKEDIN_AUTHOR_URN', 'XPOST_LINKEDIN_VERSION']) {
      expect(publishStep.env?.[name]).toBe(`\${{ secrets.${name} }}`);
    }
    // No commit step of its own: --commit-state pushes.
    expect(publish.steps).toHaveLength(3);
    expect(JSON.stringify(publish)).not.toMatch(/git (add|commit|push|pull)/);
  });

  it('runs only a dry-run of the changed posts for pull requests: read-only, no secrets, no push', async () => {
    const dir = await tempDir();
    await initProject({ cwd: dir });
    const workflow = await readWorkflow(dir);
    const dryRun = workflow.jobs['dry-run'];
    expect(dryRun.if).toBe("github.event_name == 'pull_request'");
    expect(dryRun.permissions).toEqual({ contents: 'read' });
    expect(dryRun.steps[0]).toEqual({ uses: CHECKOUT_ACTION, with: { 'fetch-depth': 0, 'persist-credentials': false } });
    const preview = stepRunning(dryRun.steps, 'publish');
    expect(preview.run).toBe(`${npx} publish 'posts/**/*.{md,markdown,mdx}' --dry-run --state .xpost/state.json --changed-since "$BASE_SHA"`);
    expect(preview.env).toEqual({ BASE_SHA: '${{ github.event.pull_request.base.sha }}' });
    expect(JSON.stringify(dryRun)).not.toContain('secrets.');
    expect(JSON.stringify(dryRun)).not.toContain('--commit-state');
  });

  it('never expands an expression inside a run script', async () => {
    const dir = await tempDir();
    await initProject({ cwd: dir });
    const workflow = await readWorkflow(dir);
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
    }
  });

  it.each([
    ['a git tag', 'github:someone/xpost#v1.2.3'],
    ['a release tarball', 'https://github.com/someone/xpost/releases/download/v1.2.3/xpost-1.2.3.tgz'],
    ['a local tarball', '/srv/packages/xpost-1.2.3.tgz'],
    ['a scoped npm version', '@someone/xpost@1.2.3'],
  ])('runs exactly the xpost --xpost names: %s', async (_what, spec) => {
    const dir = await tempDir();
    await initProject({ cwd: dir, xpost: parseXpostSource(spec) });
    const workflow = await readWorkflow(dir);
    for (const job of Object.values(workflow.jobs)) expect(stepRunning(job.steps, 'publish').run).toContain(`npx --yes --package='${spec}' -- xpost publish`);
    expect(await readFile(path.join(dir, WORKFLOW_FILE), 'utf8')).not.toContain(`xpost@${VERSION}`);
  });

  it('uses the xpost Action at a tag instead of npx when --xpost names one', async () => {
    const dir = await tempDir();
    await initProject({ cwd: dir, postsDir: 'content', xpost: parseXpostSource('someone/xpost@v1') });
    const workflow = await readWorkflow(dir);
    const publish = workflow.jobs.publish;
    expect(publish.steps.map((step) => step.uses)).toEqual([CHECKOUT_ACTION, 'someone/xpost@v1']);
    expect(publish.steps[1]?.with).toEqual({
      paths: 'content/**/*.{md,markdown,mdx}',
      state: '.xpost/state.json',
      args: "${{ github.event_name == 'push' && !github.event.forced && format('--changed-since {0}', github.event.before) || '' }}",
    });
    expect(publish.steps[1]?.env?.['DEVTO_API_KEY']).toBe('${{ secrets.DEVTO_API_KEY }}');
    const dryRun = workflow.jobs['dry-run'];
    expect(dryRun.steps[1]).toMatchObject({ uses: 'someone/xpost@v1', with: { 'dry-run': true, args: '--changed-since ${{ github.event.pull_request.base.sha }}' } });
    expect(JSON.stringify(workflow)).not.toContain('npx');
  });

  it('refuses an --xpost that is not pinned or could break out of its quotes', () => {
    for (const spec of ['xpost', 'xpost@latest', 'xpost@^1.2.0', 'github:someone/xpost', "xpost@1.2.3'; curl evil", 'xpost@1.2.3 --x', 'someone/xpost', 'C:\\xpost.tgz']) {
      expect(() => parseXpostSource(spec), spec).toThrow(expect.objectContaining({ code: 'USAGE', hint: expect.stringContaining('exact npm version') }));
    }
    expect(parseXpostSource(' xpost@1.2.3 ')).toEqual({ kind: 'package', spec: 'xpost@1.2.3' });
  });

  it('uses runner actions whose action.yml runs on Node 24 (checkout and setup-node v7)', () => {
    expect([CHECKOUT_ACTION, SETUP_NODE_ACTION]).toEqual(['actions/checkout@v7', 'actions/setup-node@v7']);
  });
});

describe('action.yml', () => {
  it('is a Node 24 action running its committed bundle, with the documented inputs and output', async () => {
    const action = actionSchema.parse(parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')));
    expect(action.name).toBe('xpost');
    expect(action.runs).toEqual({ using: 'node24', main: 'action/index.js' });
    expect(action.inputs['paths']?.default).toBe('posts/**/*.md');
    expect(action.inputs['platforms']?.default).toBe('');
    expect(action.inputs['dry-run']?.default).toBe('false');
    expect(action.inputs['commit-state']?.default).toBe('true');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['state', 'args', 'commit-state']));
    expect(Object.keys(action.outputs)).toEqual(['exit-code']);
  });
});

describe('xpost init (command)', () => {
  it('prints {created, skipped} as JSON and exits 0', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'posts'));
    const terminal = fakeTerminal();
    expect(await runInitCommand({ templates: false, posts: 'posts', json: true }, terminal, dir)).toBe(0);
    expect(JSON.parse(terminal.out())).toEqual({ created: BASE_FILES, skipped: [], site: { generator: 'plain', root: '', postsDir: 'posts', siteUrl: null, canonical: null, canonicalNote: null } });
    expect(terminal.err()).toBe('');

    const again = fakeTerminal();
    expect(await runInitCommand({ templates: false, posts: 'posts', json: false }, again, dir)).toBe(0);
    expect(again.out()).toContain('skipped  xpost.config.yaml');
    expect(again.out()).toContain('Next steps:');
  });

  it('says which site generator it found, its posts folder, site URL and canonical pattern, and uses them', async () => {
    const dir = await tempDir();
    await cp(path.join(repoRoot, 'tests', 'fixtures', 'sites', 'jekyll'), dir, { recursive: true });
    await rm(path.join(dir, 'xpost.config.yaml'));
    const terminal = fakeTerminal();
    expect(await runInitCommand({ templates: false, json: false }, terminal, dir)).toBe(0);
    expect(terminal.out()).toContain('Found a Jekyll site:');
    expect(terminal.out()).toContain('  posts       _posts/ (the workflow watches and publishes _posts/**/*.{md,markdown,mdx})');
    expect(terminal.out()).toContain('  site.url    https://jekyll.example.org/blog (written to xpost.config.yaml)');
    expect(terminal.out()).toContain('  canonical   {site}/{categories}/{year}/{month}/{day}/{slug}/ (written to xpost.config.yaml)');
    expect(terminal.out()).toContain("Try it: xpost publish '_posts/**/*.{md,markdown,mdx}' --dry-run");
    expect(terminal.err()).toBe('');
  });

  it('warns when the posts folder does not exist and exits 2 on a bad one', async () => {
    const dir = await tempDir();
    const terminal = fakeTerminal();
    expect(await runInitCommand({ templates: false, posts: 'content', json: false }, terminal, dir)).toBe(0);
    expect(terminal.err()).toContain('content/ does not exist yet');
    expect(await runInitCommand({ templates: false, posts: '../up', json: false }, fakeTerminal(), dir)).toBe(2);
  });
});
