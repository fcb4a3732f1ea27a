/**
 * Loads tests/helpers/platform-server.ts into this plain Node process: esbuild (installed with tsup)
 * bundles it, dependencies included, into a temporary .mjs that is imported and then deleted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function importPlatformServer(repoRoot) {
  const source = path.join(repoRoot, 'tests', 'helpers', 'platform-server.ts');
  const esbuild = createRequire(path.join(repoRoot, 'package.json'))('esbuild');
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'xpost-bench-server-'));
  const outfile = path.join(outDir, 'platform-server.mjs');
  try {
    await esbuild.build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      // The Hashnode emulator finds its schema relative to its own module (tests/helpers/emulators/), so the bundle keeps that URL.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(repoRoot, 'tests', 'helpers', 'emulators', 'hashnode.ts')).href) },
      // gray-matter is CommonJS and requires Node built-ins; an ESM bundle needs a real require for them.
      banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
