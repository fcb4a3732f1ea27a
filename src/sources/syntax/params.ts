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

/** A user template filled in: `{{name}}`, `{{0}}` and `{{inner}}`; a parameter the construct lacks is left empty. */
export function fillTemplate(template: string, params: SyntaxParams, inner: string | undefined): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (_match, key: string) => {
    if (key === 'inner') return (inner ?? '').trim();
    if (/^\d+$/.test(key)) return params.positional[Number(key)] ?? '';
    return params.named[key] ?? '';
  });
}
