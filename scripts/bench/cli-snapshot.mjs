/**
 * The CLI under test, laid out as an installed package in a temporary folder (bin/, dist/,
 * templates/, package.json, node_modules linked to the repo's). Building into it, or copying dist/
 * once, keeps the measured build fixed while the working tree is edited or rebuilt mid-bench.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Returns the snapshot's bin/xpost.cjs and a function that deletes the snapshot. */
export async function snapshotCli(repoRoot, { build }) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'xpost-bench-cli-'));
  try {
    if (build) await buildInto(repoRoot, path.join(root, 'dist'));
    else if (existsSync(path.join(repoRoot, 'dist', 'cli.cjs'))) await cp(path.join(repoRoot, 'dist'), path.join(root, 'dist'), { recursive: true });
    else throw new Error('dist/cli.cjs is missing: run `npm run build` first, or drop --no-build');
    await cp(path.join(repoRoot, 'bin'), path.join(root, 'bin'), { recursive: true });
    await cp(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
    await copyFile(path.join(repoRoot, 'package.json'), path.join(root, 'package.json'));
    await symlink(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return { bin: path.join(root, 'bin', 'xpost.cjs'), remove: () => rm(root, { recursive: true, force: true }) };
}

/** tsup with the project's own tsup.config.ts, only the output folder changed. */
async function buildInto(repoRoot, outDir) {
  const tsup = path.join(repoRoot, 'node_modules', 'tsup', 'dist', 'cli-default.js');
  const result = await new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, [tsup, '--out-dir', outDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
  if (result.code !== 0) throw new Error(`build failed (tsup exit ${result.code}):\n${result.output}`);
}
