/**
 * Query parameters that only say where a visitor came from: a canonical URL with them is the same
 * post. `utm_*` and `ref`/`ref_src` cover campaign and referral links; the rest are ad-click and mail-campaign ids.
 */
const TRACKING_PARAMETERS: readonly string[] = [
  'utm_*',
  'ref',
  'ref_src',
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
];

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMETERS.includes(lower);
}

/**
 * The form two canonical URLs are compared in: http and https alike, host in lower case, no default
 * port, no fragment, no trailing slash, no tracking parameters, the others sorted. The path keeps
 * its case (servers tell /Post and /post apart). Not a URL to send anywhere: only a key.
 */
export function canonicalKey(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return value.trim();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return value.trim();
  const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
  const parameters = [...url.searchParams].filter(([name]) => !isTracking(name)).sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
  const query = parameters.length > 0 ? `?${new URLSearchParams(parameters).toString()}` : '';
  return `https://${url.hostname.toLowerCase()}${port}${url.pathname.replace(/\/+$/, '')}${query}`;
}

/** True for identities that are canonical URLs (as opposed to `slug:` and file identities). */
export function isUrlIdentity(identity: string): boolean {
  return /^https?:\/\//i.test(identity);
}
