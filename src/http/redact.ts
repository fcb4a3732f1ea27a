/** Replaces every known secret, and its URL-encoded form, with a fixed mask before text leaves the process. */
export type Redactor = (text: string) => string;

export const MASK = '***';

/** Secrets shorter than this are too likely to match ordinary words, and no real token is this short. */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(JSON.stringify(secret).slice(1, -1));
    needles.add(Buffer.from(secret).toString('base64'));
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const needle of ordered) result = result.split(needle).join(MASK);
    return result;
  };
}
