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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
