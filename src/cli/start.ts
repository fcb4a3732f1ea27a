import { fstatSync, writeSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CODES } from '../errors/xpost-error.js';
import { VERSION } from '../version.js';
import { processTerminal } from './process-terminal.js';
import { quickAnswer } from './quick-answer.js';

/** What the bundle (dist/main.cjs, built from main.ts) exports. */
interface CliBundle {
  main(argv: string[]): Promise<number>;
}

/**
 * What bin/xpost.cjs runs (dist/cli.cjs). `--version` and `--help` are answered from text made at
 * build time; every other command runs from one bundle, compiled with V8's code cache. With
 * `--debug`, the bundle is required instead, with source maps on, so a stack trace names src/ files.
 */
export async function start(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  const answer = quickAnswer(args, stdoutShape());
  if (answer !== undefined) {
    writeStdout(answer);
    return EXIT_CODES.ok;
  }
  const bundle = fileURLToPath(new URL('./main.cjs', import.meta.url));
  if (args.includes('--debug')) {
    process.setSourceMapsEnabled(true);
    return (createRequire(bundle)(bundle) as CliBundle).main(argv);
  }
  // Loaded here, not imported: the modules it needs (vm, zlib, crypto) cost a --version run a tenth of its time.
  const { codeCacheFile, codeCacheFolder, loadBundle } = await import('./code-cache.js');
  const cacheFolder = codeCacheFolder(process.env);
  // Node 22.1+ can keep what its own loader compiles too: the libraries in dist/lib/ that some runs require.
  if (cacheFolder) (module as { enableCompileCache?: (folder: string) => unknown }).enableCompileCache?.(path.join(cacheFolder, 'node'));
  const loaded = loadBundle(bundle, cacheFolder === undefined ? undefined : codeCacheFile(cacheFolder, bundle, VERSION), args[0] ?? '');
  const code = await (loaded.exports as CliBundle).main(argv);
  // Written only after a run that went well: a run that failed half-way may not have compiled what the next one needs.
  if (code === EXIT_CODES.ok) loaded.saveCache();
  return code;
}

/**
 * What commander reads to choose the help width. Only a character device can be a terminal: for a
 * pipe or a file that is known without creating process.stdout, which a --help run would notice.
 */
function stdoutShape(): { isTTY?: boolean; columns?: number } {
  try {
    if (!fstatSync(1).isCharacterDevice()) return {};
  } catch {
    // No stdout to examine: let process.stdout say what it is.
  }
  return process.stdout;
}

/** Writes to file descriptor 1 directly, for the same reason; a reader that went away (`xpost --help | head -1`) is no error. */
function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    // A non-blocking stdout that is full for now: process.stdout waits for it.
    if (code === 'EAGAIN') return void processTerminal().stdout.write(bytes.subarray(written));
    throw error;
  }
}
