import { defineConfig, type Options } from 'tsup';
import { NODE_BANNER, SOURCE_PLUGINS } from './tsup.config.js';

/**
 * The GitHub Action's entry: the whole CLI in one file, committed in action/ so the action runs
 * without an install or a build (`npm run build:action`; a test fails when it is out of date).
 */
export const ACTION_BUILD: Options = {
  entry: { index: 'src/action/main.ts' },
  format: ['esm'],
  target: 'node24',
  platform: 'node',
  outDir: 'action',
  splitting: false,
  sourcemap: false,
  minify: false,
  clean: false,
  dts: false,
  noExternal: [/.*/],
  banner: { js: NODE_BANNER },
  esbuildPlugins: SOURCE_PLUGINS,
};

export default defineConfig(ACTION_BUILD);
