/**
 * Bad input stops a run before anything is sent: exit 2, not one request, a message that names the
 * file (or variable, or platform) and the problem, no stack trace, and every problem of the run
 * reported together.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test as base } from 'vitest';
import { startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { makeWorkspace, postMarkdown, runCli, xpostEnv, type CliResult, type PostSpec, type Workspace } from '../helpers/run-cli.js';

const LINKEDIN_VERSION = '202610';

const GOOD_POST: PostSpec = {
  frontMatter: { title: 'A good post', description: 'Nothing wrong here', canonical_url: 'https://blog.example.com/posts/good/' },
  body: 'A perfectly fine paragraph.\n',
};

interface Harness {
  server: PlatformServer;
  workspace: Workspace;
  writeBytes(relativePath: string, bytes: Buffer): Promise<void>;
  /** `xpost <args>` with every credential set, minus `without`. */
  xpost(args: string[], options?: { without?: string[] }): Promise<CliResult>;
}

const test = base.extend<{ harness: Harness }>({
  // Vitest reads which fixtures this one needs from the (here empty) destructuring pattern.
  harness: async ({}, use) => {
    const server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
    const workspace = await makeWorkspace(GOOD_POST);
    await use({
      server,
      workspace,
      writeBytes: async (relativePath, bytes) => {
        const file = path.join(workspace.dir, relativePath);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, bytes);
      },
      xpost: (args, options = {}) => {
        const env: Record<string, string | undefined> = { ...xpostEnv(server), XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION };
        for (const name of options.without ?? []) env[name] = undefined;
        return runCli(args, { cwd: workspace.dir, env });
      },
    });
    const emulatorErrors = [...server.emulatorErrors];
    await server.close();
    await workspace.remove();
    expect(emulatorErrors).toEqual([]);
  },
});

/** What every bad-input run must look like, whatever the problem. */
async function expectRefusedBeforeSending(harness: Harness, result: CliResult): Promise<void> {
  const shown = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
  expect(result.code, shown).toBe(2);
  expect(harness.server.requests, 'requests sent').toHaveLength(0);
  expect(result.stderr, 'a stack trace').not.toMatch(/^ {4}at /m);
  expect(result.stderr, 'a stack frame').not.toMatch(/\.(?:js|ts|mjs):\d+:\d+/);
  expect(result.stdout).not.toMatch(/published/);
  expect(await harness.workspace.readStateText(), 'a state file').toBeUndefined();
}

/** A line of stderr names `subject` and states the problem. */
function expectProblem(result: CliResult, subject: string, problem: RegExp): void {
  const lines = result.stderr.split('\n').filter((line) => line.includes(subject));
  expect(lines.some((line) => problem.test(line)), `a line naming ${subject} and matching ${problem} in:\n${result.stderr}`).toBe(true);
}

interface BadPostCase {
  name: string;
  file: string;
  text: string;
  to: string;
  problems: RegExp[];
}

const BAD_POSTS: BadPostCase[] = [
  { name: 'no front matter', file: 'posts/no-front-matter.md', text: '# Just a heading\n\nNo front matter at all.\n', to: 'devto', problems: [/no front matter/i] },
  {
    name: 'malformed YAML, reported with its line in the file',
    file: 'posts/bad-yaml.md',
    // Line 3 holds the error: a second ": " in an unquoted value.
    text: '---\ntitle: Fine so far\ndescription: broken: here\nslug: fine\n---\n\nBody.\n',
    to: 'devto',
    problems: [/YAML/, /\bline 3\b/],
  },
  { name: 'a missing title', file: 'posts/no-title.md', text: '---\ndescription: No title here\n---\n\nBody.\n', to: 'devto', problems: [/title/, /required/i] },
  { name: 'an empty title', file: 'posts/empty-title.md', text: '---\ntitle: "   "\n---\n\nBody.\n', to: 'devto', problems: [/title/, /empty/i] },
  {
    name: 'fields of the wrong type',
    file: 'posts/wrong-types.md',
    text: '---\ntitle: Types\npublished: "maybe"\ntags: {one: 1}\ndescription: [a, b]\n---\n\nBody.\n',
    to: 'devto',
    problems: [/"published".*true or false/, /"tags"/, /"description".*text/],
  },
  {
    name: 'an invalid canonical URL',
    file: 'posts/bad-canonical.md',
    text: '---\ntitle: Canonical\ncanonical_url: blog.example.com/posts/no-scheme\n---\n\nBody.\n',
    to: 'devto',
    problems: [/canonical_url/, /URL/],
  },
  { name: 'an empty body', file: 'posts/empty-body.md', text: '---\ntitle: Nothing below\n---\n\n   \n\n', to: 'devto', problems: [/no content|empty/i] },
  {
    name: 'a body over dev.to\'s 800 KB limit',
    file: 'posts/huge-for-devto.md',
    text: postMarkdown({ frontMatter: { title: 'Huge' }, body: `${'word '.repeat(161_000)}\n` }),
    to: 'devto',
    problems: [/dev\.to/, /800/],
  },
  {
    name: 'a body over Hashnode\'s 100 KB request limit',
    file: 'posts/huge-for-hashnode.md',
    text: postMarkdown({ frontMatter: { title: 'Big' }, body: `${'word '.repeat(22_000)}\n` }),
    to: 'hashnode',
    problems: [/Hashnode/, /100 KB|102400|102,400/],
  },
];

describe.concurrent('bad posts: exit 2, nothing sent, the file and the problem named', () => {
  test.for(BAD_POSTS)('$name', async ({ file, text, to, problems }, { harness }) => {
    await harness.workspace.writeFile(file, text);

    const result = await harness.xpost(['publish', file, '--to', to]);

    await expectRefusedBeforeSending(harness, result);
    for (const problem of problems) expectProblem(result, file, problem);
  });

  test('a file that is not UTF-8', async ({ harness }) => {
    const file = 'posts/latin-1.md';
    await harness.writeBytes(file, Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n---\n\nD'), Buffer.from([0xe9]), Buffer.from('j\xe0 vu.\n', 'latin1')]));

    const result = await harness.xpost(['publish', file, '--to', 'devto']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, file, /UTF-8/);
  });

  test('a missing file', async ({ harness }) => {
    const result = await harness.xpost(['publish', 'posts/not-there.md', '--to', 'devto']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'posts/not-there.md', /not found/i);
  });

  test('a directory that holds no post', async ({ harness }) => {
    await harness.writeBytes('posts/images/cover.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));

    const result = await harness.xpost(['publish', 'posts/images', '--to', 'devto']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'posts/images', /folder|directory/i);
  });
});

describe.concurrent('bad usage, credentials and config: exit 2, nothing sent', () => {
  test('an unknown platform, listing the valid ones', async ({ harness }) => {
    const result = await harness.xpost(['publish', harness.workspace.postFile, '--to', 'devto,myspace']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'myspace', /unknown platform/i);
    for (const platform of ['devto', 'hashnode', 'medium', 'linkedin']) expect(result.stderr).toContain(platform);
  });

  test('a missing credential, named with the platform that needs it', async ({ harness }) => {
    const result = await harness.xpost(['publish', harness.workspace.postFile, '--to', 'hashnode'], { without: ['HASHNODE_TOKEN'] });

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'HASHNODE_TOKEN', /not set/i);
    expectProblem(result, 'HASHNODE_TOKEN', /Hashnode/);
  });

  test('an unreadable config file (xpost.config.yaml is a directory)', async ({ harness }) => {
    await mkdir(path.join(harness.workspace.dir, 'xpost.config.yaml'));

    const result = await harness.xpost(['publish', harness.workspace.postFile, '--to', 'devto']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'xpost.config.yaml', /cannot be read/i);
  });

  test('a --config file that does not exist', async ({ harness }) => {
    const result = await harness.xpost(['publish', harness.workspace.postFile, '--to', 'devto', '--config', 'config/missing.yaml']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'config/missing.yaml', /cannot be read|not found/i);
  });

  test('a config file with broken YAML, reported with its line', async ({ harness }) => {
    await harness.workspace.writeFile('xpost.config.yaml', 'platforms:\n  devto:\n    - [unclosed\n');

    const result = await harness.xpost(['publish', harness.workspace.postFile, '--to', 'devto']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'xpost.config.yaml', /YAML/);
    expectProblem(result, 'xpost.config.yaml', /line \d+/);
  });

  test('a user template that is a folder, and a templates folder that does not exist', async ({ harness }) => {
    await mkdir(path.join(harness.workspace.dir, 'my-templates', 'devto.md.hbs'), { recursive: true });
    await harness.workspace.writeFile('xpost.config.yaml', 'templates: my-templates\n');
    const folder = await harness.xpost(['publish', harness.workspace.postFile, '--to', 'devto']);
    await expectRefusedBeforeSending(harness, folder);
    expectProblem(folder, path.join('my-templates', 'devto.md.hbs'), /is not a template file/);

    await harness.workspace.writeFile('xpost.config.yaml', 'templates: no-such-folder\n');
    const missing = await harness.xpost(['publish', harness.workspace.postFile, '--to', 'devto']);
    await expectRefusedBeforeSending(harness, missing);
    expectProblem(missing, 'no-such-folder', /does not exist/);
  });
});

describe.concurrent('every problem of a run is reported together', () => {
  test('several bad posts and two missing credentials in one run: all of them listed, nothing sent', async ({ harness }) => {
    const { workspace } = harness;
    await workspace.writeFile('posts/no-front-matter.md', '# Heading only\n\nBody.\n');
    await workspace.writeFile('posts/bad-yaml.md', '---\ntitle: Fine\ndescription: broken: here\n---\n\nBody.\n');
    await workspace.writeFile('posts/wrong-types.md', '---\ntitle: Types\npublished: "maybe"\ncanonical_url: not-a-url\n---\n\nBody.\n');
    await workspace.writeFile('posts/empty-body.md', '---\ntitle: Empty\n---\n');
    const files = ['posts/no-front-matter.md', 'posts/bad-yaml.md', 'posts/wrong-types.md', 'posts/empty-body.md', 'posts/not-there.md', workspace.postFile];

    const result = await harness.xpost(['publish', ...files, '--to', 'devto,medium'], { without: ['DEVTO_API_KEY', 'MEDIUM_TOKEN'] });

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'posts/no-front-matter.md', /no front matter/i);
    expectProblem(result, 'posts/bad-yaml.md', /YAML/);
    expectProblem(result, 'posts/wrong-types.md', /"published"/);
    expectProblem(result, 'posts/wrong-types.md', /canonical_url/);
    expectProblem(result, 'posts/empty-body.md', /no content|empty/i);
    expectProblem(result, 'posts/not-there.md', /not found/i);
    expectProblem(result, 'DEVTO_API_KEY', /not set/i);
    expectProblem(result, 'MEDIUM_TOKEN', /not set/i);
    expect(result.stderr).toMatch(/8 problems/);
    // The good post is not a problem.
    expect(result.stderr).not.toContain(workspace.postFile);
  });

  test('syntax problems in the bodies of several posts are all listed in one run', async ({ harness }) => {
    await harness.workspace.writeFile('posts/a.md', '---\ntitle: A\n---\n\n{{< foo >}}\n');
    await harness.workspace.writeFile('posts/b.md', '---\ntitle: B\n---\n\n{% include bar.html %}\n');

    const result = await harness.xpost(['publish', 'posts/a.md', 'posts/b.md', '--to', 'devto']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'posts/a.md:5', /"foo"/);
    expectProblem(result, 'posts/b.md:5', /"include"/);
  });

  test('an unknown platform is reported together with the bad posts and an unreadable config', async ({ harness }) => {
    await harness.workspace.writeFile('posts/no-front-matter.md', 'Body only.\n');
    await mkdir(path.join(harness.workspace.dir, 'xpost.config.yaml'));

    const result = await harness.xpost(['publish', 'posts/no-front-matter.md', 'posts/not-there.md', '--to', 'devto,myspace']);

    await expectRefusedBeforeSending(harness, result);
    expectProblem(result, 'myspace', /unknown platform/i);
    expectProblem(result, 'posts/no-front-matter.md', /no front matter/i);
    expectProblem(result, 'posts/not-there.md', /not found/i);
    expectProblem(result, 'xpost.config.yaml', /cannot be read/i);
  });

  test('--json reports every problem as data, still with exit 2 and nothing sent', async ({ harness }) => {
    await harness.workspace.writeFile('posts/no-title.md', '---\ndescription: x\n---\n\nBody.\n');

    const result = await harness.xpost(['publish', 'posts/no-title.md', 'posts/not-there.md', '--to', 'devto', '--json'], { without: ['DEVTO_API_KEY'] });

    expect(result.code, result.stderr).toBe(2);
    expect(harness.server.requests).toHaveLength(0);
    const document = JSON.parse(result.stdout) as { results: unknown[]; errors: Array<{ code: string; message: string; file: string | null }> };
    expect(document.results).toEqual([]);
    expect(document.errors.map((error) => error.code).sort()).toEqual(['FILE_NOT_FOUND', 'MISSING_CREDENTIAL', 'POST_INVALID']);
    expect(document.errors.find((error) => error.code === 'POST_INVALID')?.file).toBe('posts/no-title.md');
  });
});
