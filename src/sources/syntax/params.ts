import type { SyntaxParams } from './types.js';

// name=value or a lone value; values double-quoted (with \" escapes), single-quoted, Go raw strings in backticks, or bare.
const PARAM = /([A-Za-z_][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`]+)|("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`]+)/g;

/** Splits `id="abc" title='x y' 42` into named and positional parameters, quotes removed. */
export function parseParams(text: string): SyntaxParams {
  const params: SyntaxParams = { named: {}, positional: [] };
  for (const match of text.matchAll(PARAM)) {
    const [, name, namedValue, positionalValue] = match;
    if (name !== undefined && namedValue !== undefined) params.named[name] = unquote(namedValue);
    else if (positionalValue !== undefined) params.positional.push(unquote(positionalValue));
  }
  return params;
}

function unquote(value: string): string {
  const quote = value.charAt(0);
  if (value.length < 2 || value.charAt(value.length - 1) !== quote) return value;
  if (quote === '"') return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (quote === "'" || quote === '`') return value.slice(1, -1);
  return value;
}

/** A filled template, and the parameters it asked for that the construct did not give. */
export interface FilledTemplate {
  text: string;
  missing: string[];
}

// {{name}}, {{0}}, {{inner}}; a trailing "?" ({{title?}}) marks one the construct may leave out.
const PLACEHOLDER = /\{\{\s*([\w-]+)(\?)?\s*\}\}/g;
// The block markers a template line opens with: block quotes, and list items (followed by a space).
const LINE_CONTAINERS = /^[ \t]*(?:(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])[ \t]+)[ \t]*)*/;

/**
 * A user template filled in: `{{name}}`, `{{0}}` and `{{inner}}` (empty for a construct without content).
 * A multi-line value repeats the block prefix of its template line (`> `, a list item's indentation) on each
 * of its lines, so a multi-paragraph admonition stays inside its quote.
 */
export function fillTemplate(template: string, params: SyntaxParams, inner: string | undefined): FilledTemplate {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (_match, key: string, optional: string | undefined, offset: number) => {
    const value = key === 'inner' ? (inner ?? '').trim() : /^\d+$/.test(key) ? params.positional[Number(key)] : params.named[key];
    if (value === undefined) {
      if (!optional) missing.push(key);
      return '';
    }
    if (!value.includes('\n')) return value;
    const lineBefore = template.slice(template.lastIndexOf('\n', offset - 1) + 1, offset);
    const prefix = (LINE_CONTAINERS.exec(lineBefore)?.[0] ?? '').replace(/[-+*]|\d{1,9}[.)]/g, (marker) => ' '.repeat(marker.length));
    return value
      .split('\n')
      .map((line, index) => (index === 0 ? line : line.trim() === '' ? prefix.trimEnd() : prefix + line))
      .join('\n');
  });
  return { text, missing };
}
