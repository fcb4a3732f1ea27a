/**
 * Rewrites a generator's `:token` permalink rule into an xpost pattern with `{placeholder}`s, or
 * names the first token that has no equivalent. Tokens are matched longest first, so Jekyll's
 * `:title:output_ext` reads as two tokens.
 */
export function translateTokens(rule: string, tokens: Record<string, string>): { pattern: string } | { unknown: string } {
  let unknown: string | undefined;
  const pattern = rule.replace(/:([a-z_]+|\d+)(\[[^\]]*\])?/gi, (whole, token: string, slice: string | undefined) => {
    const key = token.toLowerCase();
    const replacement = slice === undefined && Object.hasOwn(tokens, key) ? tokens[key] : undefined;
    if (replacement === undefined) unknown ??= `${token}${slice ?? ''}`;
    return replacement ?? whole;
  });
  return unknown === undefined ? { pattern } : { unknown };
}
