import { defineConfig, type Options } from 'tsup';
import { grayMatterOnOwnJsYaml, precompiledTemplates } from './build/plugins.js';

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

// One ESM entry plus lazily imported chunks: commands and heavy libraries load only when used.
// Dependencies are bundled in: resolving hundreds of small node_modules files (micromark alone has
// dozens) costs more start-up time than the code itself.
export const CLI_BUILD: Options = {
  entry: { cli: 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  splitting: true,
  sourcemap: true,
  // Minifying measured no faster start-up here, and readable chunks keep --debug stack traces useful.
  minify: false,
  clean: true,
  dts: false,
  noExternal: [/.*/],
  banner: { js: NODE_BANNER },
  esbuildPlugins: SOURCE_PLUGINS,
};

export default defineConfig(CLI_BUILD);
