/** Replaces every known secret, in every form it can take in an output, with a fixed mask. */
export type Redactor = (text: string) => string;

export const MASK = '***';

/**
 * Shorter values are refused as credentials (core/credentials): masking them would rewrite ordinary
 * words in every output, and no real token is this short.
 */
export const MIN_SECRET_LENGTH = 8;

/** GitHub workflow-command escaping (the Actions toolkit's): data escapes %, CR and LF; properties also : and ,. */
export function escapeWorkflowData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeWorkflowProperty(text: string): string {
  return escapeWorkflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A Markdown table cell: a pipe would end the cell, a line break the row. */
export function escapeTableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Every form a secret can take in what xpost prints or writes: as set and trimmed, URL-encoded (also
 * as a form value), JSON-escaped, base64 (standard and URL-safe), and escaped for the job summary
 * and for workflow annotations, since masking runs last, after escaping.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const value of new Set([secret, secret.trim()])) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    const encodings = [
      value,
      encodeURIComponent(value),
      encodeURIComponent(value).replace(/%20/g, '+'),
      encodeURI(value),
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
    ];
    for (const encoded of encodings) {
      forms.add(encoded);
      forms.add(escapeTableCell(encoded));
      forms.add(escapeWorkflowData(encoded));
      forms.add(escapeWorkflowProperty(encoded));
      // A --json document escapes the text once more.
      forms.add(JSON.stringify(escapeTableCell(encoded)).slice(1, -1));
    }
  }
  return [...forms];
}

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) if (secret) for (const form of secretForms(secret)) needles.add(form);
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const needle of ordered) if (result.includes(needle)) result = result.split(needle).join(MASK);
    return result;
  };
}

/** Masks every string inside a parsed JSON value (a platform's error body), keys and structure kept. */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactDeep(inner, redact)]));
}
