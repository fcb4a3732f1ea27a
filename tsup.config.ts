import { defineConfig, type Options } from 'tsup';
import { grayMatterOnOwnJsYaml, lazyLibraries, lazyLibraryEntries, precompiledTemplates, prerenderedHelp } from './build/plugins.js';

/**
 * Bundled CommonJS packages call require() for Node built-ins and read __filename
 * (write-file-atomic): give every ESM output both.
 */
export const NODE_BANNER = [
  "import { createRequire as __xpostCreateRequire } from 'node:module';",
  "import { dirname as __xpostDirname } from 'node:path';",
  "import { fileURLToPath as __xpostFileUrlToPath } from 'node:url';",
  'const require = __xpostCreateRequire(import.meta.url);',
  'const __filename = __xpostFileUrlToPath(import.meta.url);',
  // path.dirname, not a split on '/': the Action runs on Windows runners too.
  'const __dirname = __xpostDirname(__filename);',
].join(' ');

/** The built-in templates precompiled, and gray-matter on xpost's own js-yaml: for every build of the CLI's code. */
export const SOURCE_PLUGINS = [precompiledTemplates(), grayMatterOnOwnJsYaml()];

/**
 * dist/cli.cjs is what bin/xpost.cjs runs: it answers --version, --help and <command> --help with
 * text rendered at build time, else runs dist/main.cjs, every command in one bundle, compiled with
 * V8's code cache (src/cli/code-cache.ts). Libraries few runs need are built beside it into
 * dist/lib/ and required on first use. CommonJS throughout, because vm.Script, which takes a code
 * cache, compiles scripts, not ES modules. Dependencies are bundled in: resolving hundreds of small
 * node_modules files costs more start-up time than the code itself.
 */
export const CLI_BUILD: Options = {
  entry: { cli: 'src/cli/start.ts', main: 'src/cli/main.ts', ...lazyLibraryEntries() },
  format: ['cjs'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  splitting: false,
  // --debug runs the bundle with source maps on, so its stack traces name the src/ files.
  sourcemap: true,
  // Minifying measured no faster start-up here, and readable code keeps stack traces useful.
  minify: false,
  clean: true,
  dts: false,
  noExternal: [/.*/],
  esbuildPlugins: [...SOURCE_PLUGINS, prerenderedHelp(), lazyLibraries()],
  esbuildOptions(options) {
    // import() becomes require(): vm.Script code has no module loader behind it, and the bundle's own modules load in place.
    options.supported = { ...options.supported, 'dynamic-import': false };
    options.inject = [...(options.inject ?? []), 'build/import-meta-url.js'];
    options.define = { ...options.define, 'import.meta.url': 'importMetaUrl' };
  },
};

export default defineConfig(CLI_BUILD);
