import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishArguments } from '../../src/action/inputs.js';
import { ACTION_BUILD } from '../../tsup.action.config.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);
const ACTION_ENTRY = path.join(REPO_ROOT, 'action', 'index.js');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'xpost-action-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the GitHub Action', () => {
  it('runs its committed bundle on Node 24 with no install step and no shell', async () => {
    const action = parse(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { runs: Record<string, unknown> };
    expect(action.runs).toEqual({ using: 'node24', main: 'action/index.js' });
  });

  // The action runs action/index.js as committed: a source change without `npm run build:action` would ship stale code.
  it('has a committed bundle that is exactly what the sources build', async () => {
    const outDir = path.join(work, 'bundle');
    await build({ ...ACTION_BUILD, outDir, silent: true, config: false });
    const fresh = await readFile(path.join(outDir, 'index.js'), 'utf8');
    const committed = await readFile(ACTION_ENTRY, 'utf8');
    expect(committed === fresh, 'action/index.js is out of date: run `npm run build:action` and commit it').toBe(true);
  }, 60_000);

  it('turns its inputs into one xpost publish; a pull request or a typo never publishes', () => {
    const inputs = { 'INPUT_PATHS': 'posts/**/*.md\ncontent/extra.md\n', INPUT_PLATFORMS: 'devto,hashnode', 'INPUT_DRY-RUN': 'false', INPUT_STATE: '.xpost/state.json', INPUT_ARGS: '--now  --json', 'INPUT_COMMIT-STATE': 'true' };
    expect(publishArguments(inputs)).toEqual(['publish', 'posts/**/*.md', 'content/extra.md', '--to', 'devto,hashnode', '--state', '.xpost/state.json', '--commit-state', '--now', '--json']);
    expect(publishArguments({ ...inputs, GITHUB_EVENT_NAME: 'pull_request' })).toEqual(['publish', 'posts/**/*.md', 'content/extra.md', '--to', 'devto,hashnode', '--dry-run', '--state', '.xpost/state.json', '--now', '--json']);
    expect(() => publishArguments({ ...inputs, 'INPUT_DRY-RUN': 'yes' })).toThrow(/dry-run must be true or false/);
  });

  it('publishes a dry-run from the bundle and reports its exit code as an output', async () => {
    const output = path.join(work, 'github-output');
    const { stdout } = await run(process.execPath, [ACTION_ENTRY], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: work,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: output,
        INPUT_PATHS: 'examples/hello-xpost.md',
        INPUT_PLATFORMS: 'all',
        'INPUT_DRY-RUN': 'true',
        INPUT_STATE: path.join(work, 'state.json'),
        INPUT_ARGS: '',
        'INPUT_COMMIT-STATE': 'true',
      },
    });
    expect(stdout).toContain('POST /api/articles');
    expect(await readFile(output, 'utf8')).toBe('exit-code=0\n');
  }, 30_000);
});
