import type { XpostConfig } from '../config/config-schema.js';
import type { Post } from '../core/load-post.js';
import { XpostError } from '../errors/xpost-error.js';
import { sourceFor } from './registry.js';

/** The placeholders of `site.canonical` (and of generator permalinks xpost translates), with what each stands for. */
export const CANONICAL_PLACEHOLDERS = {
  site: 'the site URL (site.url) without its trailing slash',
  slug: 'the front matter slug, else the bundle folder or file name without a leading YYYY-MM-DD- date',
  name: 'the bundle folder or file name as it is (Hugo :contentbasename, Eleventy and Gatsby default addresses)',
  title: 'the title in lower case with spaces as hyphens (Hugo :title)',
  slug_or_title: 'the front matter slug, else {title} (Hugo :slug)',
  year: "the year of the post's date",
  month: "the two-digit month of the post's date",
  day: "the two-digit day of the post's date",
  section: 'the first folder under the content folder (Hugo :section, an Astro collection); may be empty',
  path: 'every folder under the content folder, a bundle folder excluded (Hugo :sections); may be empty',
  categories: "the post's categories in lower case, joined by / (Jekyll :categories); may be empty",
} as const;

export type CanonicalPlaceholder = keyof typeof CANONICAL_PLACEHOLDERS;
type PatternValues = Record<CanonicalPlaceholder, string | undefined>;

const DATE_PLACEHOLDERS = new Set<string>(['year', 'month', 'day']);
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why a `site.canonical` pattern can never give a canonical URL, or undefined when it can. */
export function canonicalPatternProblem(pattern: string, siteUrl: string | undefined): string | undefined {
  const unknown = [...pattern.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !Object.hasOwn(CANONICAL_PLACEHOLDERS, name));
  if (unknown.length > 0) {
    return `uses ${unknown.map((name) => `{${name}}`).join(', ')}, which xpost does not know; the placeholders are ${Object.keys(CANONICAL_PLACEHOLDERS).map((name) => `{${name}}`).join(', ')}`;
  }
  if (/[{}]/.test(pattern.replace(PLACEHOLDER, ''))) return 'has a { or } that does not belong to a placeholder such as {slug}';
  const sample = expandPattern(pattern, {
    site: (siteUrl ?? 'https://example.com').replace(/\/+$/, ''),
    slug: 'a-post',
    name: 'a-post',
    title: 'a-post',
    slug_or_title: 'a-post',
    year: '2026',
    month: '01',
    day: '31',
    section: 'posts',
    path: 'posts',
    categories: 'news',
  });
  if (!sample.ok || absoluteHttpUrl(sample.text) === undefined) return 'must give an absolute http(s) URL, e.g. "{site}/blog/{slug}/"';
  return undefined;
}

/** Fills the placeholders; an empty optional one (section, path, categories) drops its path segment instead of leaving "//". */
function expandPattern(pattern: string, values: PatternValues): { ok: true; text: string } | { ok: false; missing: string[] } {
  const missing: string[] = [];
  const text = pattern.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name as CanonicalPlaceholder] : undefined;
    if (value === undefined) missing.push(name);
    return value ?? whole;
  });
  if (missing.length > 0) return { ok: false, missing };
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(text)?.[0] ?? '';
  return { ok: true, text: origin + text.slice(origin.length).replace(/\/{2,}/g, '/') };
}

/** Where a post's canonical URL came from, for the dry-run and status; `generator` is the site generator's own permalink rule. */
export type CanonicalSource = 'front matter' | 'permalink' | 'site.canonical' | 'generator';

/** The site URL and canonical pattern a post's addresses are made with, and which of them its generator's own config gave. */
export interface SiteAddress {
  url: string | undefined;
  canonical: string | undefined;
  urlFromGenerator: boolean;
  canonicalFromGenerator: boolean;
}

/** The config's `site.url` and `site.canonical`, each else what the post's site generator's own config states. */
export function siteAddressOf(post: Post, config: XpostConfig): SiteAddress {
  const own = post.site.generatorSettings;
  const url = config.site?.url ?? own.url;
  const canonical = config.site?.canonical ?? own.canonical;
  return { url, canonical, urlFromGenerator: config.site?.url === undefined && url !== undefined, canonicalFromGenerator: config.site?.canonical === undefined && canonical !== undefined };
}

export type CanonicalResolution = { url: string | undefined; from: CanonicalSource | undefined } | { problem: XpostError };

/**
 * The post's canonical URL: its own canonical_url (or canonicalURL, canonicalUrl, canonical) as
 * written, else its permalink/url front matter on the site, else the `site.canonical` pattern, else
 * none; the site URL and pattern are the config's, else the site generator's own (siteAddressOf).
 * A pattern that needs a date the post lacks is a problem, never "////".
 */
export function resolveCanonicalUrl(post: Post, config: XpostConfig): CanonicalResolution {
  if (post.frontMatter.canonical_url) return { url: post.frontMatter.canonical_url, from: 'front matter' };
  const address = siteAddressOf(post, config);
  const siteUrl = address.url;
  const values = patternValues(post, siteUrl);
  const permalink = post.site.permalink;
  if (permalink) {
    const filled = expandPattern(permalink, values);
    if (!filled.ok) return { problem: missingProblem(post, `its permalink "${permalink}"`, filled.missing, post.fieldSources.permalink ?? 'permalink') };
    const absolute = absoluteHttpUrl(filled.text);
    if (absolute) return { url: absolute, from: 'permalink' };
    if (siteUrl) return { url: absoluteHttpUrl(`${siteUrl.replace(/\/+$/, '')}/${filled.text.replace(/^\/+/, '')}`), from: 'permalink' };
  }
  const pattern = address.canonical;
  if (!pattern || !siteUrl) return { url: undefined, from: undefined };
  const filled = expandPattern(pattern, values);
  if (!filled.ok) return { problem: missingProblem(post, address.canonicalFromGenerator ? `the ${generatorName(post)} permalink rule "${pattern}"` : `site.canonical "${pattern}"`, filled.missing, 'date') };
  return { url: absoluteHttpUrl(filled.text), from: address.canonicalFromGenerator ? 'generator' : 'site.canonical' };
}

/**
 * What the dry-run says when the site generator's config gave the post's address because the xpost
 * config does not: which value came from where, and how to change it.
 */
export function siteAddressNote(post: Post, config: XpostConfig, resolution: CanonicalResolution): string | undefined {
  if ('problem' in resolution || resolution.url === undefined || resolution.from === 'front matter') return undefined;
  const address = siteAddressOf(post, config);
  const usedPattern = resolution.from === 'generator';
  const fromGenerator = [address.urlFromGenerator ? `the site URL ${address.url}` : undefined, usedPattern ? `the permalink rule (${address.canonical})` : undefined].filter(Boolean);
  if (fromGenerator.length === 0) return undefined;
  const keys = [address.urlFromGenerator ? 'site.url' : undefined, usedPattern ? 'site.canonical' : undefined].filter(Boolean).join(' and ');
  return `canonical URL ${resolution.url} made with ${fromGenerator.join(' and ')} from the ${generatorName(post)} config; set ${keys} in the xpost config to change it`;
}

/**
 * What the post's relative images and links resolve against: its canonical URL, as a folder for a
 * page bundle (Hugo and Jekyll serve a bundle's files beside its page, and a URL without a trailing
 * slash would drop the post's folder), else the site URL.
 */
export function relativeBaseOf(post: Post, canonicalUrl: string | undefined, config: XpostConfig): string | undefined {
  if (canonicalUrl === undefined) return siteAddressOf(post, config).url;
  return post.site.bundle ? asFolder(canonicalUrl) : canonicalUrl;
}

/** `…/my-post`, `…/my-post.html` and `…/my-post/index.html` → `…/my-post/`. */
function asFolder(url: string): string {
  const folder = new URL(url);
  folder.search = '';
  folder.hash = '';
  folder.pathname = folder.pathname.replace(/\/index\.html?$/i, '/').replace(/\.html?$/i, '').replace(/\/*$/, '/');
  return folder.href;
}

function generatorName(post: Post): string {
  return sourceFor(post.site.generator).name;
}

/** The canonical URL as it is sent; throws the input problem `resolveCanonicalUrl` would return (loadInputs reports those first). */
export function canonicalUrlOf(post: Post, config: XpostConfig): string | undefined {
  const resolved = resolveCanonicalUrl(post, config);
  if ('problem' in resolved) throw resolved.problem;
  return resolved.url;
}

function patternValues(post: Post, siteUrl: string | undefined): PatternValues {
  const [year, month, day] = dateParts(post.frontMatter.date);
  const title = urlize(post.frontMatter.title);
  return {
    site: siteUrl?.replace(/\/+$/, ''),
    slug: post.site.slug,
    name: post.site.name,
    title,
    slug_or_title: post.frontMatter.slug ?? title,
    year,
    month,
    day,
    section: post.site.folders[0] ?? '',
    path: post.site.folders.join('/'),
    categories: post.site.categories.join('/'),
  };
}

/** Year, month and day as the author wrote them (`2026-11-02T23:00:00-05:00` is November 2nd). */
function dateParts(date: string | undefined): [string?, string?, string?] {
  if (!date) return [];
  const written = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (written) return [written[1], written[2], written[3]];
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return [];
  return [String(parsed.getUTCFullYear()), String(parsed.getUTCMonth() + 1).padStart(2, '0'), String(parsed.getUTCDate()).padStart(2, '0')];
}

/** Hugo's urlize: lower case, spaces to hyphens, only letters, digits and a few safe marks kept. */
function urlize(text: string): string {
  return text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, '-').replace(/[^\p{L}\p{N}\p{M}._~+-]/gu, '');
}

function absoluteHttpUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function missingProblem(post: Post, what: string, missing: string[], field: string): XpostError {
  const needsDate = missing.some((name) => DATE_PLACEHOLDERS.has(name));
  return new XpostError('POST_INVALID', `${post.displayPath}: ${what} needs ${needsDate ? 'a date' : missing.map((name) => `{${name}}`).join(', ')}, and the post has none`, {
    file: post.displayPath,
    hint: needsDate
      ? `Add \`date: YYYY-MM-DD\` to the front matter (or name the file YYYY-MM-DD-${post.site.slug}.md), or set canonical_url.`
      : `Set canonical_url in the front matter, or change ${field === 'date' ? 'site.canonical' : field}.`,
  });
}
