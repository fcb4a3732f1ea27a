import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatformServer, type PlatformServer } from '../helpers/platform-server.js';
import { REPO_ROOT, xpostEnv } from '../helpers/run-cli.js';

const run = promisify(execFile);
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'hello-xpost.md');

let work: string;
let installed: string;
let server: PlatformServer;

/** Runs the xpost that `npm install <tarball>` put in node_modules/.bin, the way a user would. */
async function xpost(args: string[], cwd: string, env: Record<string, string> = {}) {
  const bin = path.join(installed, 'node_modules', 'xpost', 'bin', 'xpost.cjs');
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd, NO_COLOR: '1', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'xpost-package-'));
  // dist/ is already built by the test setup; packing must not rebuild it.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO_ROOT });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  installed = path.join(work, 'install');
  await mkdir(installed);
  // --offline: a package with no runtime dependencies installs from the tarball alone.
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, packed!.filename)], { cwd: installed });
  server = await startPlatformServer();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the published package, installed from its tarball with no network', () => {
  it('declares no runtime dependencies and installs nothing but itself', async () => {
    const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect((await readdir(path.join(installed, 'node_modules'))).filter((name) => !name.startsWith('.'))).toEqual(['xpost']);
  });

  it('runs --version, the example dry-run, init and a publish against the emulation', async () => {
    const version = await xpost(['--version'], installed);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const dryRun = await xpost(['publish', EXAMPLE, '--to', 'all', '--dry-run'], installed);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('POST /api/articles');

    const site = path.join(work, 'site');
    await mkdir(path.join(site, 'posts'), { recursive: true });
    const init = await xpost(['init'], site);
    expect(init.code, init.stderr).toBe(0);
    expect((await stat(path.join(site, '.github', 'workflows', 'xpost.yml'))).isFile()).toBe(true);
    expect(await readFile(path.join(site, '.env.example'), 'utf8')).toContain('DEVTO_API_KEY=');

    const published = await xpost(['publish', EXAMPLE, '--to', 'devto', '--state', path.join(site, '.xpost', 'state.json')], site, xpostEnv(server));
    expect(published.code, published.stderr).toBe(0);
    expect(server.writesTo('devto')).toHaveLength(1);
  });
});
