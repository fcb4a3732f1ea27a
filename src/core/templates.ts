import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime';
import { XpostError } from '../errors/xpost-error.js';
import { allRenderTargets, type RenderTargetId } from '../platforms/registry.js';
import { PRECOMPILED_TEMPLATES } from './built-in-templates.js';

/** Every template xpost renders, by target, and its file name in templates/ (a user folder overrides file by file). */
export const TEMPLATE_FILES = Object.fromEntries(allRenderTargets().map((target) => [target.id, target.template])) as Readonly<Record<RenderTargetId, string>>;

export type TemplateName = RenderTargetId;

/** The documented variables: `true` is a leaf, an object lists its keys, '*' allows any key. */
const TEMPLATE_VARIABLES: Record<string, true | Record<string, true | '*'>> = {
  title: true,
  description: true,
  body: true,
  canonical_url: true,
  tags: true,
  hashtags: true,
  cover_image: true,
  date: true,
  reading_time: true,
  headings: true,
  sections: true,
  excerpt: true,
  question: true,
  platform: true,
  platform_name: true,
  author: { name: true, role: true, bio: true, links: '*', link_list: true, x_handle: true },
  site: { url: true, name: true },
};

export const TEMPLATE_VARIABLE_NAMES = Object.entries(TEMPLATE_VARIABLES).flatMap(([name, inner]) =>
  inner === true ? [name] : Object.keys(inner).map((key) => `${name}.${key}`),
);

/** Helpers that change the context: inside them, bare names are the item's fields. */
const CONTEXT_HELPERS = new Set(['each', 'with']);
/** The only helpers a template may call; Handlebars' `log` would write into --json output, `lookup` bypasses the variable check. */
const ALLOWED_HELPERS = new Set(['if', 'unless', 'each', 'with']);
/** Handlebars built-ins a template might reach for: named in the error instead of being read as variables. */
const BUILT_IN_HELPERS = new Set([...ALLOWED_HELPERS, 'lookup', 'log', 'helperMissing', 'blockHelperMissing']);

/** How every template is compiled; the build precompiles the built-in ones with these same options. Output is Markdown or plain text, never HTML: nothing may be HTML-escaped. */
export const TEMPLATE_COMPILE_OPTIONS = { noEscape: true, knownHelpers: { if: true, unless: true, each: true, with: true }, knownHelpersOnly: true };

/**
 * Handlebars' compiler, for the user's templates (and the built-in ones when xpost runs from its
 * sources): required on first use rather than imported, as rendering is synchronous and most runs
 * render only the built-in templates, precompiled at build time to run on handlebars/runtime alone.
 */
function handlebarsCompiler(): typeof Handlebars {
  return require('handlebars') as typeof Handlebars;
}

export interface LoadedTemplate {
  name: TemplateName;
  /** Path shown in errors: the user's file or the built-in one. */
  file: string;
  render: (data: object) => string;
}

let builtInDir: string | undefined;

/** The package's templates/ folder, found from this module whether it runs from src/ or dist/. */
export function builtInTemplateDir(): string {
  if (builtInDir) return builtInDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level += 1) {
    const candidate = path.join(dir, 'templates');
    if (Object.values(TEMPLATE_FILES).every((fileName) => existsSync(path.join(candidate, fileName)))) return (builtInDir = candidate);
    dir = path.dirname(dir);
  }
  throw new XpostError('INTERNAL', 'the built-in templates folder is missing from the xpost package', { hint: 'Reinstall xpost.' });
}

const cache = new Map<string, LoadedTemplate>();

/** The config's `templates:` folder, resolved; a missing folder or a file in its place is a config error, never silently ignored. */
export function userTemplateDir(templates: string | undefined, configDir: string, displayBase: string): string | undefined {
  if (!templates) return undefined;
  const dir = path.resolve(configDir, templates);
  const kind = fileKind(dir);
  if (kind === 'directory') return dir;
  const display = path.relative(displayBase, dir) || dir;
  throw new XpostError('CONFIG_INVALID', `templates: "${templates}" ${kind === 'missing' ? 'does not exist' : 'is not a folder'} (${display})`, {
    hint: 'Point `templates:` in the config at the folder of your templates (`xpost init --templates` creates one), or remove the key to use the built-in ones.',
  });
}

function fileKind(file: string): 'file' | 'directory' | 'other' | 'missing' {
  try {
    const info = statSync(file);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** The user's template when their folder has one of that name, else the built-in one; checked before use. */
export function loadTemplate(name: TemplateName, userDir: string | undefined, displayBase: string): LoadedTemplate {
  const fileName = TEMPLATE_FILES[name];
  const userFile = userDir ? path.join(userDir, fileName) : undefined;
  const userKind = userFile ? fileKind(userFile) : 'missing';
  if (userFile && userKind !== 'file' && userKind !== 'missing') {
    const display = path.relative(displayBase, userFile) || userFile;
    throw new XpostError('TEMPLATE_INVALID', `${display}: is not a template file (it is a folder or a special file)`, {
      file: display,
      hint: `Replace it with a ${fileName} template file, or remove it to use the built-in one.`,
    });
  }
  if (!userFile || userKind !== 'file') return builtInTemplate(name);
  const cached = cache.get(userFile);
  if (cached) return cached;
  const template = compileTemplate(name, readFileSync(userFile, 'utf8'), path.relative(displayBase, userFile) || userFile);
  cache.set(userFile, template);
  return template;
}

/** A built-in template: precompiled by the build, or compiled from templates/ when xpost runs from its sources. */
function builtInTemplate(name: TemplateName): LoadedTemplate {
  const fileName = TEMPLATE_FILES[name];
  const display = `(built-in) templates/${fileName}`;
  const cached = cache.get(display);
  if (cached) return cached;
  const precompiled = PRECOMPILED_TEMPLATES?.[fileName];
  const template = precompiled
    ? { name, file: display, render: HandlebarsRuntime.template(precompiled) }
    : compileTemplate(name, readFileSync(path.join(builtInTemplateDir(), fileName), 'utf8'), display);
  cache.set(display, template);
  return template;
}

/** Parses, checks every variable against the documented list, and compiles; errors name the file and line. The build passes its own compiler. */
export function compileTemplate(name: TemplateName, source: string, display: string, compiler: typeof Handlebars = handlebarsCompiler()): LoadedTemplate {
  let ast: hbs.AST.Program;
  try {
    ast = compiler.parse(source);
  } catch (error) {
    const message = (error as Error).message.split('\n');
    const line = /line (\d+)/.exec(message[0] ?? '')?.[1];
    throw new XpostError('TEMPLATE_INVALID', `${display}${line ? `:${line}` : ''}: template syntax error: ${message[0]}`, {
      file: display,
      hint: 'Check that every {{#if}} / {{#each}} has its closing {{/if}} / {{/each}}.',
    });
  }
  const unknown = findUnknownVariables(ast);
  if (unknown.length > 0) {
    const first = unknown[0]!;
    const helpers = unknown.some((item) => item.kind === 'helper') ? ` Helpers: ${[...ALLOWED_HELPERS].join(', ')}.` : '';
    throw new XpostError(
      'TEMPLATE_INVALID',
      `${display}:${first.line}: unknown ${first.kind} "${first.name}"${unknown.length > 1 ? ` (and ${unknown.slice(1).map((item) => `${item.kind} "${item.name}" at line ${item.line}`).join(', ')})` : ''}`,
      { file: display, hint: `Template variables: ${TEMPLATE_VARIABLE_NAMES.join(', ')}.${helpers}` },
    );
  }
  const compiled = compiler.compile(ast, TEMPLATE_COMPILE_OPTIONS);
  return { name, file: display, render: (data) => compiled(data) };
}

interface UnknownVariable {
  kind: 'variable' | 'helper' | 'partial';
  name: string;
  line: number;
}

function findUnknownVariables(program: hbs.AST.Program): UnknownVariable[] {
  const unknown: UnknownVariable[] = [];
  const checkPath = (node: hbs.AST.PathExpression, contextDepth: number): void => {
    if (node.data) {
      // @index, @first, @key are loop facts; @root.x is a top-level variable.
      if (node.parts[0] === 'root') checkRootPath(node.parts.slice(1), node, unknown);
      return;
    }
    // Inside {{#each}} / {{#with}} a bare name is a field of the current item; ../name climbs back out.
    const reachesRoot = node.depth >= contextDepth;
    if (contextDepth > 0 && !reachesRoot) return;
    if (node.original === 'this' || node.parts.length === 0) return;
    checkRootPath(node.parts, node, unknown);
  };
  const visitParams = (params: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, depth: number): void => {
    for (const param of [...params, ...(hash?.pairs.map((pair: hbs.AST.HashPair) => pair.value) ?? [])]) {
      if (param.type === 'PathExpression') checkPath(param as hbs.AST.PathExpression, depth);
      if (param.type === 'SubExpression') {
        const sub = param as hbs.AST.SubExpression;
        checkHelper((sub.path as hbs.AST.PathExpression).original, sub.loc.start.line);
        visitParams(sub.params, sub.hash, depth);
      }
    }
  };
  const checkHelper = (name: string, line: number): void => {
    if (!ALLOWED_HELPERS.has(name)) unknown.push({ kind: 'helper', name, line });
  };
  const visit = (statements: hbs.AST.Statement[], depth: number): void => {
    for (const statement of statements) {
      if (statement.type === 'MustacheStatement') {
        const mustache = statement as hbs.AST.MustacheStatement;
        const callee = mustache.path as hbs.AST.PathExpression;
        const isHelperCall = mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0 || BUILT_IN_HELPERS.has(callee.original);
        if (isHelperCall) checkHelper(callee.original, statement.loc.start.line);
        else checkPath(callee, depth);
        visitParams(mustache.params, mustache.hash, depth);
      } else if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        const helper = (block.path as hbs.AST.PathExpression).original;
        checkHelper(helper, statement.loc.start.line);
        visitParams(block.params, block.hash, depth);
        const innerDepth = CONTEXT_HELPERS.has(helper) ? depth + 1 : depth;
        if (block.program) visit(block.program.body, innerDepth);
        if (block.inverse) visit(block.inverse.body, depth);
      } else if (statement.type === 'PartialStatement' || statement.type === 'PartialBlockStatement') {
        unknown.push({ kind: 'partial', name: 'partials are not supported', line: statement.loc.start.line });
      }
    }
  };
  visit(program.body, 0);
  return unknown;
}

function checkRootPath(parts: string[], node: hbs.AST.PathExpression, unknown: UnknownVariable[]): void {
  const [head, key] = parts;
  const known = head === undefined ? undefined : TEMPLATE_VARIABLES[head];
  const fine = known === true || (known !== undefined && (key === undefined || (key in known)));
  if (!fine) unknown.push({ kind: 'variable', name: parts.join('.'), line: node.loc.start.line });
}
