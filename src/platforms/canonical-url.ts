/** Canonical URLs compare equal regardless of a trailing slash, the host's case or a fragment. */
export function normaliseCanonicalUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return value.trim();
  }
}
