import { defineConfig } from 'tsup';

// One ESM entry plus lazily imported chunks: commands and heavy libraries load only when used.
export default defineConfig({
  entry: { cli: 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  splitting: true,
  sourcemap: true,
  clean: true,
  dts: false,
});
