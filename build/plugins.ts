/**
 * The esbuild plugins of the builds (tsup.config.ts, tsup.action.config.ts): each changes what gets
 * bundled or where it goes, never what the code does.
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

/** Every command's help text (build/help-text.ts). */
export const prerenderedHelp = (): Plugin => generatedModule('src/cli/help-text.ts', { entry: 'build/help-text.ts', exportName: 'prerenderedHelpModule' });

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

/**
 * Libraries few runs need, each built on its own into dist/lib/<name>.cjs (from build/lazy-libraries/)
 * and required from there on first use, so the bundle every run reads and compiles stays small.
 */
export const LAZY_LIBRARIES: Record<string, { entry: string; packages: string[] }> = {
  mdx: { entry: 'build/lazy-libraries/mdx.ts', packages: ['micromark-extension-mdxjs', 'mdast-util-mdx', 'micromark-extension-math', 'mdast-util-math'] },
  'twitter-text': { entry: 'build/lazy-libraries/twitter-text.cjs', packages: ['twitter-text'] },
  handlebars: { entry: 'build/lazy-libraries/handlebars.cjs', packages: ['handlebars'] },
  momoa: { entry: 'build/lazy-libraries/momoa.cjs', packages: ['@humanwhocodes/momoa'] },
  ora: { entry: 'build/lazy-libraries/ora.cjs', packages: ['ora'] },
  axios: { entry: 'build/lazy-libraries/axios.cjs', packages: ['axios'] },
  yaml: { entry: 'build/lazy-libraries/yaml.cjs', packages: ['yaml'] },
};

/** The tsup entries of the lazy libraries: `lib/<name>` → its entry file. */
export function lazyLibraryEntries(): Record<string, string> {
  return Object.fromEntries(Object.entries(LAZY_LIBRARIES).map(([name, library]) => [`lib/${name}`, library.entry]));
}

/** Points src/'s imports of the lazy libraries' packages at their files in dist/lib/, next to the bundle in dist/. */
export function lazyLibraries(): Plugin {
  const fileOf = new Map<string, string>();
  for (const [name, library] of Object.entries(LAZY_LIBRARIES)) for (const packageName of library.packages) fileOf.set(packageName, `./lib/${name}.cjs`);
  const sources = `${path.resolve('src')}${path.sep}`;
  return {
    name: 'lazy-libraries',
    setup(build) {
      build.onResolve({ filter: /^[@a-z]/ }, (args) => {
        const file = fileOf.get(args.path);
        if (!file || !args.importer.startsWith(sources)) return undefined;
        return { path: file, external: true };
      });
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
