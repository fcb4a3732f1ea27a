import { embedFromUrl } from '../../core/embeds.js';
import { applyEditsToRange } from './generator.js';
import { convertConstruct, problemAt } from './known.js';
import type { SyntaxContext, SyntaxEdit, SyntaxNote, SyntaxParams, SyntaxProblem, SyntaxScan } from './types.js';

/**
 * The MDX nodes this module reads, typed locally: importing mdast-util-mdx's types would add MDX nodes to
 * every mdast union in the program, while only the first parse of an MDX post ever holds them.
 */
interface MdxNode {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdxNode[];
  name?: string | null;
  value?: unknown;
  attributes?: Array<{ type: string; name?: string; value?: unknown; position?: MdxNode['position'] }>;
}

/** A computed attribute (`name={…}`) or spread (`{...props}`) as written, with its offsets in the body. */
interface ComputedAttribute {
  name: string | undefined;
  text: string;
  start: number;
  end: number;
}

/** Attributes that only style the element: the platforms apply their own styles, so a computed one can go. */
const PRESENTATIONAL_ATTRIBUTES = new Set(['style', 'className', 'class']);

/**
 * MDX in the body: import/export lines and `{/* comments *\/}` removed, components converted (known embeds,
 * the user's `components:` map), plain HTML elements kept for the Markdown pass; any other expression is a problem.
 */
export function scanMdxSyntax(source: string, tree: MdxNode, context: SyntaxContext): SyntaxScan {
  const edits: SyntaxEdit[] = [];
  const problems: SyntaxProblem[] = [];
  const notes: SyntaxNote[] = [];
  const constants = literalExports(tree);
  for (const child of tree.children ?? []) visitMdx(source, child, { ...context, constants, notes }, edits, problems);
  return { edits, problems, notes };
}

/** `export const year = 2022` (a string, number or boolean): `{year}` in the post shows that value, as the site does. */
function literalExports(tree: MdxNode): ReadonlyMap<string, string> {
  const constants = new Map<string, string>();
  for (const node of tree.children ?? []) {
    if (node.type !== 'mdxjsEsm') continue;
    for (const match of String(node.value).matchAll(/^export\s+const\s+([A-Za-z_$][\w$]*)\s*=\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|(-?\d+(?:\.\d+)?|true|false))\s*;?\s*$/gm)) {
      constants.set(match[1]!, match[2] ?? match[3] ?? match[4] ?? '');
    }
  }
  return constants;
}

interface MdxContext extends SyntaxContext {
  constants: ReadonlyMap<string, string>;
  notes: SyntaxNote[];
}

function offsets(node: MdxNode): [number, number] {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}

function visitMdx(source: string, node: MdxNode, context: MdxContext, edits: SyntaxEdit[], problems: SyntaxProblem[]): void {
  const [start, end] = offsets(node);
  switch (node.type) {
    case 'mdxjsEsm':
      // The line break after the statement goes too, so no blank line is left where it stood.
      edits.push({ start, end: source.charAt(end) === '\n' ? end + 1 : end, text: '' });
      return;
    case 'mdxFlowExpression':
    case 'mdxTextExpression': {
      const constant = context.constants.get(String(node.value).trim());
      if (constant !== undefined) edits.push({ start, end, text: constant });
      else if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(String(node.value))) edits.push({ start, end: node.type === 'mdxFlowExpression' && source.charAt(end) === '\n' ? end + 1 : end, text: '' });
      else problems.push({ offset: start, message: `MDX expression ${abbreviate(source.slice(start, end))} is computed by the site; no platform can run it` });
      return;
    }
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement':
      visitElement(source, node, context, edits, problems);
      return;
    default:
      for (const child of node.children ?? []) visitMdx(source, child, context, edits, problems);
  }
}

function visitElement(source: string, node: MdxNode, context: MdxContext, edits: SyntaxEdit[], problems: SyntaxProblem[]): void {
  const [start, end] = offsets(node);
  const name = node.name ?? '';
  const { params, expressions, literals } = attributesOf(source, node);
  const isHtml = /^[a-z]/.test(name) && !name.includes('.');
  if (isHtml) {
    // A provider's iframe is an embed whatever its computed styling: the platforms draw their own player.
    const embed = name === 'iframe' && params.named['src'] ? embedFromUrl(params.named['src']) : undefined;
    if (embed && expressions.length > 0) {
      edits.push({ start, end, text: embed.url, embed });
      return;
    }
    // Plain HTML is left as written for the Markdown pass (URLs, iframes), without what only the site can compute.
    const styling = expressions.filter((expression) => expression.name !== undefined && PRESENTATIONAL_ATTRIBUTES.has(expression.name));
    const computed = expressions.filter((expression) => !styling.includes(expression));
    for (const attribute of styling) edits.push({ start: withSpaceBefore(source, attribute.start), end: attribute.end, text: '' });
    // HTML has no `{…}` values: a literal one is written as the plain attribute it stands for.
    for (const attribute of literals) {
      const value = (params.named[attribute.name ?? ''] ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      edits.push({ start: attribute.start, end: attribute.end, text: `${attribute.name}="${value}"` });
    }
    if (styling.length > 0) {
      context.notes.push({ offset: start, message: `computed ${styling.map((attribute) => abbreviate(attribute.text)).join(' and ')} dropped from <${name}>: only the site can compute it, and the platforms apply their own styles` });
    }
    if (computed.length > 0) {
      problems.push({ offset: start, message: `<${name}> has computed attributes (${computed.map((attribute) => attribute.text).join(', ')}); write them as plain values` });
    }
    for (const child of node.children ?? []) visitMdx(source, child, context, edits, problems);
    return;
  }
  const children = node.children ?? [];
  const innerEdits: SyntaxEdit[] = [];
  for (const child of children) visitMdx(source, child, context, innerEdits, problems);
  const innerStart = children.length > 0 ? offsets(children[0] as MdxNode)[0] : undefined;
  const innerEnd = children.length > 0 ? offsets(children[children.length - 1] as MdxNode)[1] : undefined;
  const inner = innerStart === undefined || innerEnd === undefined ? undefined : applyEditsToRange(source, innerStart, innerEnd, innerEdits);
  if (name === '') {
    edits.push({ start, end, text: inner ?? '' });
    return;
  }
  const converted = convertConstruct(
    { dialect: 'mdx', name, params, original: source.slice(start, end), ...(inner !== undefined ? { inner } : {}) },
    context,
  );
  if ('problem' in converted) problems.push(problemAt(start, converted));
  else edits.push({ start, end, text: converted.text, ...(converted.embed ? { embed: converted.embed } : {}) });
}

/** String props as they are; `{"x"}`, `{42}` and `{true}` as their literal text (and listed); anything computed is named. */
function attributesOf(source: string, node: MdxNode): { params: SyntaxParams; expressions: ComputedAttribute[]; literals: ComputedAttribute[] } {
  const params: SyntaxParams = { named: {}, positional: [] };
  const expressions: ComputedAttribute[] = [];
  const literals: ComputedAttribute[] = [];
  for (const attribute of node.attributes ?? []) {
    const [start, end] = offsets(attribute);
    const computed = { start, end, text: source.slice(start, end) };
    if (attribute.type !== 'mdxJsxAttribute' || attribute.name === undefined) {
      expressions.push({ name: undefined, ...computed });
      continue;
    }
    const value = attribute.value;
    if (value === null || value === undefined) params.named[attribute.name] = 'true';
    else if (typeof value === 'string') params.named[attribute.name] = value;
    else {
      const expression = String((value as { value?: unknown }).value ?? '').trim();
      const literal = /^(?:"([^"\\]*)"|'([^'\\]*)'|`([^`$\\]*)`|(-?\d+(?:\.\d+)?|true|false))$/.exec(expression);
      if (literal) {
        params.named[attribute.name] = literal[1] ?? literal[2] ?? literal[3] ?? literal[4] ?? '';
        literals.push({ name: attribute.name, ...computed });
      } else expressions.push({ name: attribute.name, ...computed });
    }
  }
  return { params, expressions, literals };
}

/** The start of an attribute with the spaces before it, so removing it leaves the tag tidy. */
function withSpaceBefore(source: string, start: number): number {
  let position = start;
  while (position > 0 && /[ \t]/.test(source.charAt(position - 1))) position -= 1;
  return position;
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine;
}
