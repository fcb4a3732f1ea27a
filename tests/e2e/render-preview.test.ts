import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import twitterText from 'twitter-text';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLATFORM_IDS, RENDER_TARGET_IDS } from '../../src/platforms/registry.js';
import { startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { makeWorkspace, runCli, xpostEnv, type CliResult, type PostSpec, type Workspace } from '../helpers/run-cli.js';

const CANONICAL = 'https://blog.example.com/posts/render-preview/';
const MAX_TWEET = 280;
const NUMBERING = /\n\n(\d+)\/(\d+)$/;
/** What `render --platform x` prints between parts, so each can be copied on its own. */
const PART_SEPARATOR = '\n\n────────\n\n';
const PUBLISH_PLATFORMS = PLATFORM_IDS;
const ALL_TARGETS = [...PUBLISH_PLATFORMS, 'x', 'reddit'] as const;

const longSection = Array.from(
  { length: 10 },
  (_, index) => `Step ${index + 1} of the release checklist keeps one more thing from going wrong on a Friday afternoon.`,
).join(' ');

const POST: PostSpec = {
  frontMatter: {
    title: 'Render and preview (end to end)',
    description: 'What each platform receives, without sending anything',
    tags: ['testing', 'Node.js'],
    canonical_url: CANONICAL,
    question: 'How do you check a post before it goes out?',
  },
  body: `Opening paragraph with ![a diagram](./diagram.png) and a [related post](../other-post/).

## Why preview

Seeing **exactly** what goes out beats guessing.

## The checklist

${longSection}

## Wrap-up

That is all.
`,
};

interface DryRunJson {
  results: Array<{ platform: string; status: string; request?: { endpoint: string; payload: unknown } }>;
}

interface DevtoPayload {
  article: { body_markdown: string };
}

interface HashnodePayload {
  input: { contentMarkdown: string };
}

let workspace: Workspace;

beforeEach(async () => {
  workspace = await makeWorkspace(POST);
});

afterEach(async () => {
  await workspace.remove();
});

/** The CLI with no credentials and no platform origins in its environment: only PATH, HOME and NO_COLOR. */
function xpost(args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: workspace.dir, env: {} });
}

function expectWellFormedThread(parts: string[]): void {
  expect(parts.length).toBeGreaterThan(2);
  parts.forEach((part, index) => {
    expect(twitterText.parseTweet(part).weightedLength, part).toBeLessThanOrEqual(MAX_TWEET);
    expect(NUMBERING.exec(part)?.slice(1), part).toEqual([String(index + 1), String(parts.length)]);
  });
  expect(parts.filter((part) => part.split(/\s+/).includes(CANONICAL))).toHaveLength(1);
}

function parseJson<T>(result: CliResult): T {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

describe('xpost render --platform x', () => {
  it('prints the thread ready to paste: numbered parts, each within 280, the canonical URL in one part', async () => {
    const result = await xpost(['render', workspace.postFile, '--platform', 'x']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const parts = result.stdout.replace(/\n$/, '').split(PART_SEPARATOR);
    expectWellFormedThread(parts);
    expect(parts[0]).toMatch(/^🧵 Render and preview \(end to end\)\n/);
    expect(result.stdout).not.toContain('**');
  });

  it('prints a JSON array of the same parts with --json', async () => {
    const parts = parseJson<unknown>(await xpost(['render', workspace.postFile, '--platform', 'x', '--json']));
    expect(Array.isArray(parts)).toBe(true);
    const strings = parts as unknown[];
    for (const part of strings) expect(typeof part).toBe('string');
    expectWellFormedThread(strings as string[]);
    const human = await xpost(['render', workspace.postFile, '--platform', 'x']);
    expect(human.stdout).toBe(`${(strings as string[]).join(PART_SEPARATOR)}\n`);
  });
});

describe('xpost render --platform reddit', () => {
  it('prints the title, then a Markdown body with absolute links ending with the canonical link', async () => {
    const result = await xpost(['render', workspace.postFile, '--platform', 'reddit']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith('Title: Render and preview (end to end)\n\n')).toBe(true);
    expect(result.stdout).toContain('![a diagram](https://blog.example.com/posts/render-preview/diagram.png)');
    expect(result.stdout).toContain('[related post](https://blog.example.com/posts/other-post/)');
    expect(result.stdout).toContain('## Why preview\n\nSeeing **exactly** what goes out beats guessing.');
    expect(result.stdout).not.toMatch(/^canonical_url:|^tags:/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toContain(CANONICAL);
  });
});

describe('xpost render: bad input', () => {
  it('rejects an unknown platform with exit 2, naming it and the valid ones', async () => {
    const result = await xpost(['render', workspace.postFile, '--platform', 'myspace']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown platform "myspace"');
    for (const target of ALL_TARGETS) expect(result.stderr).toContain(target);
  });
});

describe('xpost preview', () => {
  it('writes the rendered text and the exact request per platform with no credentials, matching publish --dry-run --json', async () => {
    const result = await xpost(['preview', workspace.postFile, '--out', 'out']);
    expect(result.code, result.stderr).toBe(0);
    for (const target of ALL_TARGETS) expect(result.stdout).toContain(`${workspace.postFile} → ${target}:`);
    expect(result.stdout).toMatch(new RegExp(`wrote ${2 * RENDER_TARGET_IDS.length} files to out\\n$`));

    const folder = path.join(workspace.dir, 'out', 'hello');
    expect((await readdir(folder)).sort()).toEqual(
      [
        'bluesky.request.json',
        'bluesky.txt',
        'mastodon.request.json',
        'mastodon.txt',
        'devto.md',
        'devto.request.json',
        'hashnode.md',
        'hashnode.request.json',
        'linkedin.request.json',
        'linkedin.txt',
        'medium.md',
        'medium.request.json',
        'reddit.md',
        'reddit.submission.json',
        'x.parts.json',
        'x.txt',
      ].sort(),
    );

    const dryRun = parseJson<DryRunJson>(await xpost(['publish', workspace.postFile, '--to', 'all', '--dry-run', '--json']));
    expect(dryRun.results.map((entry) => entry.platform)).toEqual([...PUBLISH_PLATFORMS]);
    for (const entry of dryRun.results) {
      expect(entry.status).toBe('dry-run');
      const written = JSON.parse(await workspace.readFile(path.join('out', 'hello', `${entry.platform}.request.json`))) as unknown;
      expect(written, entry.platform).toEqual(entry.request);
    }

    // The rendered copies are the bodies the requests carry.
    const devto = dryRun.results.find((entry) => entry.platform === 'devto')?.request?.payload as DevtoPayload;
    expect(await workspace.readFile(path.join('out', 'hello', 'devto.md'))).toBe(devto.article.body_markdown);
    const hashnode = dryRun.results.find((entry) => entry.platform === 'hashnode')?.request?.payload as HashnodePayload;
    expect(await workspace.readFile(path.join('out', 'hello', 'hashnode.md'))).toBe(hashnode.input.contentMarkdown);

    const threadParts = JSON.parse(await workspace.readFile(path.join('out', 'hello', 'x.parts.json'))) as string[];
    expectWellFormedThread(threadParts);
    const reddit = await workspace.readFile(path.join('out', 'hello', 'reddit.md'));
    expect(reddit.startsWith('Title: Render and preview (end to end)\n\n')).toBe(true);
    expect(reddit.trimEnd().split('\n').at(-1)).toContain(CANONICAL);
  });

  it('writes only the platforms given with --to', async () => {
    const result = await xpost(['preview', workspace.postFile, '--to', 'devto,x', '--out', 'only']);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(path.join(workspace.dir, 'only', 'hello'))).sort()).toEqual(['devto.md', 'devto.request.json', 'x.parts.json', 'x.txt']);
  });
});

describe('xpost publish --dry-run with a user template folder from a config file', () => {
  const DEVTO_TEMPLATE = 'CUSTOM DEVTO TEMPLATE for {{title}} by {{author.name}}\n\n{{body}}\n\nCanonical: {{canonical_url}}\n';

  it('uses the user template for dev.to and the built-in ones elsewhere (xpost.config.yaml found in the working directory)', async () => {
    await workspace.writeFile('xpost.config.yaml', 'site:\n  url: https://blog.example.com/\nauthor:\n  name: Ada Lovelace\ntemplates: my-templates\n');
    await workspace.writeFile('my-templates/devto.md.hbs', DEVTO_TEMPLATE);
    const dryRun = parseJson<DryRunJson>(await xpost(['publish', workspace.postFile, '--to', 'devto,hashnode', '--dry-run', '--json']));
    const devto = dryRun.results.find((entry) => entry.platform === 'devto')?.request?.payload as DevtoPayload;
    expect(devto.article.body_markdown.startsWith('CUSTOM DEVTO TEMPLATE for Render and preview (end to end) by Ada Lovelace\n\nOpening paragraph')).toBe(true);
    expect(devto.article.body_markdown.endsWith(`\n\nCanonical: ${CANONICAL}\n`)).toBe(true);
    const hashnode = dryRun.results.find((entry) => entry.platform === 'hashnode')?.request?.payload as HashnodePayload;
    expect(hashnode.input.contentMarkdown).not.toContain('CUSTOM DEVTO TEMPLATE');
    expect(hashnode.input.contentMarkdown).toContain("Hi Hashnode! I'm Ada Lovelace.");

    const human = await xpost(['publish', workspace.postFile, '--to', 'devto', '--dry-run']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('CUSTOM DEVTO TEMPLATE for Render and preview (end to end) by Ada Lovelace');
  });

  it('resolves the templates folder from the --config file\'s folder', async () => {
    await workspace.writeFile('config/xpost.yaml', 'author:\n  name: Grace Hopper\ntemplates: templates\n');
    await workspace.writeFile('config/templates/devto.md.hbs', DEVTO_TEMPLATE);
    const dryRun = parseJson<DryRunJson>(
      await xpost(['publish', workspace.postFile, '--to', 'devto', '--dry-run', '--json', '--config', 'config/xpost.yaml']),
    );
    const devto = dryRun.results[0]?.request?.payload as DevtoPayload;
    expect(devto.article.body_markdown.startsWith('CUSTOM DEVTO TEMPLATE for Render and preview (end to end) by Grace Hopper\n')).toBe(true);
  });

  it('stops with exit 2 naming the template file and line when a user template uses an unknown variable', async () => {
    await workspace.writeFile('xpost.config.yaml', 'templates: my-templates\n');
    await workspace.writeFile('my-templates/devto.md.hbs', '{{title}}\n{{body}}\n{{sponsor}}\n');
    const result = await xpost(['publish', workspace.postFile, '--to', 'devto', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join('my-templates', 'devto.md.hbs')}:3: unknown variable "sponsor"`);
  });

  it('stops with exit 2 naming the config file and key for an invalid config', async () => {
    await workspace.writeFile('xpost.config.yaml', 'site:\n  url: blog.example.com\n');
    const result = await xpost(['render', workspace.postFile, '--platform', 'devto']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('xpost.config.yaml: "site.url" must be an absolute http(s) URL');
  });
});

describe('a post with a data: image', () => {
  let server: PlatformServer;

  beforeAll(async () => {
    server = await startPlatformServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const DATA_IMAGE_POST: PostSpec = {
    frontMatter: { title: 'Inline image', canonical_url: CANONICAL },
    body: 'First paragraph.\n\n![chart](data:image/png;base64,iVBORw0KGgo=)\n',
  };
  // Front matter lines 1-4, a blank line 5, the paragraph on 6, the image on 8.
  const WHERE = 'posts/hello.md:8';

  it('stops render, preview, dry-run and a real publish with exit 2 naming file and line, sending nothing', async () => {
    await workspace.writePost(DATA_IMAGE_POST);
    const runs: Array<[string, string[], Record<string, string>]> = [
      ['render', ['render', workspace.postFile, '--platform', 'devto'], {}],
      ['render x', ['render', workspace.postFile, '--platform', 'x'], {}],
      ['preview', ['preview', workspace.postFile, '--out', 'out'], {}],
      ['dry-run', ['publish', workspace.postFile, '--to', 'all', '--dry-run'], xpostEnv(server)],
      ['publish', ['publish', workspace.postFile, '--to', 'all'], xpostEnv(server)],
    ];
    for (const [label, args, env] of runs) {
      const result = await runCli(args, { cwd: workspace.dir, env });
      expect(result.code, `${label}: ${result.stderr}`).toBe(2);
      expect(result.stderr, label).toContain(`${WHERE}: image uses a data: URI`);
    }
    expect(server.requests).toEqual([]);
    expect(await exists(path.join(workspace.dir, 'out'))).toBe(false);
    expect(await workspace.readStateText()).toBeUndefined();
  });
});
