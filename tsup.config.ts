import { defineConfig } from 'tsup';

// One ESM entry plus lazily imported chunks: commands and heavy libraries load only when used.
// Dependencies are bundled in: resolving hundreds of small node_modules files (micromark alone has
// dozens) costs more start-up time than the code itself.
export default defineConfig({
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
  // Bundled CommonJS packages call require() for Node built-ins and read __filename (write-file-atomic).
  banner: {
    js: [
      "import { createRequire as __xpostCreateRequire } from 'node:module';",
      "import { fileURLToPath as __xpostFileUrlToPath } from 'node:url';",
      'const require = __xpostCreateRequire(import.meta.url);',
      'const __filename = __xpostFileUrlToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
});
