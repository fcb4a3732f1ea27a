/**
 * The esbuild plugins of the builds (tsup.config.ts, tsup.action.config.ts): each changes what gets
 * bundled, never what the code does.
 */
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { runBuildStep } from './run-step.js';

/**
 * Swaps a placeholder module of the sources for the JavaScript a build step generates (help texts,
 * precompiled templates): the sources run as they are in tests, the CLI gets the generated module.
 */
export function generatedModule(file: string, step: { entry: string; exportName: string; args?: unknown[] }): Plugin {
  const absolute = path.resolve(file);
  return {
    name: `generated:${file}`,
    setup(build) {
      build.onLoad({ filter: new RegExp(`^${escapeRegExp(absolute)}$`) }, () => ({ contents: String(runBuildStep(step.entry, step.exportName, step.args)), loader: 'js' }));
    },
  };
}

/** The built-in templates precompiled (build/precompile-templates.ts). */
export const precompiledTemplates = (): Plugin =>
  generatedModule('src/core/built-in-templates.ts', { entry: 'build/precompile-templates.ts', exportName: 'precompiledTemplatesModule', args: ['templates'] });

/**
 * gray-matter's own YAML engine is never called (src/sources/front-matter-text.ts hands it xpost's),
 * yet its js-yaml 3 would be bundled and run at start-up, and in a checkout with node_modules it also
 * loads esprima (300 KB, for !!js/function values) through a require() the bundler cannot see. Its
 * import is pointed at the js-yaml 4 that xpost parses YAML with, which has no esprima.
 */
export function grayMatterOnOwnJsYaml(): Plugin {
  return {
    name: 'gray-matter-on-own-js-yaml',
    setup(build) {
      build.onResolve({ filter: /^js-yaml$/ }, (args) => {
        if (!/[\\/]gray-matter[\\/]/.test(args.importer)) return undefined;
        // Resolved as src/ imports it, so the bundle holds one js-yaml, not its ES and CommonJS builds both.
        return build.resolve('js-yaml', { kind: 'import-statement', resolveDir: path.resolve('src') });
      });
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
