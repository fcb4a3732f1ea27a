/**
 * Runs a build step (help texts, precompiled templates) with the sources it imports bundled whole by
 * esbuild, so they resolve their packages as they do in the CLI bundle, not as Node's ESM loader would
 * (the config tsup loads is an ES module, and `handlebars/runtime` has no such entry point).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

/** Calls the named export of a build step module (a path from the repository root) with `args`. */
export function runBuildStep(entry: string, exportName: string, args: unknown[] = []): unknown {
  const { outputFiles } = buildSync({
    entryPoints: [path.resolve(entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'error',
    inject: [path.resolve('build/import-meta-url.js')],
    define: { 'import.meta.url': 'importMetaUrl' },
  });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'xpost-build-step-'));
  try {
    const file = path.join(folder, `${path.basename(entry, path.extname(entry))}.cjs`);
    writeFileSync(file, outputFiles[0]!.text);
    const step = createRequire(file)(file) as Record<string, (...values: unknown[]) => unknown>;
    return step[exportName]!(...args);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
