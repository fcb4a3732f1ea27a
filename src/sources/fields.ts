/** The front matter fields xpost reads, by their xpost names. */
export const XPOST_FIELDS = ['title', 'description', 'tags', 'canonical_url', 'cover_image', 'date', 'slug', 'draft', 'published', 'series', 'permalink'] as const;
export type XpostField = (typeof XPOST_FIELDS)[number];

/** Where a value was read from: a front matter path as the author wrote it (`heroImage`, `cover.image`, `images[0]`) or `file name`. */
export type FieldSources = Partial<Record<XpostField, string>>;

/** The config's `front_matter` map: an xpost field to a dotted path in the post's front matter, e.g. { cover_image: "hero.src" }. */
export type FrontMatterMap = Partial<Record<XpostField, string>>;

/**
 * Where the common generators keep each field, first match wins (checked against real blogs:
 * Hugo PaperMod `cover.image`, Astro's blog template `pubDate`/`heroImage`, Jekyll themes `image`
 * and `image.path`, the Next.js blog starter `excerpt`/`coverImage`, tailwind-nextjs-starter-blog
 * `summary`/`images`/`canonicalUrl`, AstroPaper `pubDatetime`/`canonicalURL`, overreacted `spoiler`).
 */
export const FIELD_ALIASES: Record<XpostField, readonly string[]> = {
  title: ['title'],
  description: ['description', 'summary', 'excerpt', 'spoiler'],
  tags: ['tags'],
  canonical_url: ['canonical_url', 'canonicalURL', 'canonicalUrl', 'canonical'],
  cover_image: ['cover_image', 'cover.image', 'cover', 'heroImage', 'image', 'image.path', 'images[0]', 'featured_image', 'featuredImage', 'coverImage'],
  date: ['date', 'pubDate', 'publishDate', 'pubDatetime'],
  slug: ['slug'],
  draft: ['draft'],
  published: ['published'],
  series: ['series'],
  permalink: ['permalink', 'url'],
};

/** A dotted path with list indexes: `hero.src`, `images[0]`, `cover.image`. */
export const FIELD_PATH = /^[A-Za-z0-9_$-]+(?:\[\d+\])*(?:\.[A-Za-z0-9_$-]+(?:\[\d+\])*)*$/;

export interface ResolvedFields {
  /** The front matter with empty values removed and each xpost field under its own name. */
  data: Record<string, unknown>;
  sources: FieldSources;
  notes: string[];
}

/**
 * Lays the generator's field names onto xpost's: the config's path for a field first, then the
 * field's own name, then the common aliases. Only the first candidate may hold a value of the wrong
 * type (so validation names it); an alias holding a block (`cover:` with sub-fields) is passed over.
 */
export function resolveFields(raw: Record<string, unknown>, map: FrontMatterMap | undefined): ResolvedFields {
  const clean = withoutEmptyValues(raw);
  const data = { ...clean };
  const sources: FieldSources = {};
  const notes: string[] = [];
  for (const field of XPOST_FIELDS) {
    const configured = map?.[field];
    const candidates = configured ? [configured, ...FIELD_ALIASES[field]] : FIELD_ALIASES[field];
    delete data[field];
    for (const [index, candidate] of candidates.entries()) {
      const found = locate(clean, candidate);
      if (found === undefined || (index > 0 && !isScalar(found.value) && !(field === 'tags' || field === 'series'))) continue;
      data[field] = found.value;
      sources[field] = found.written;
      break;
    }
  }
  if (Array.isArray(data.series)) {
    const [first, ...more] = data.series;
    data.series = first;
    if (more.length > 0) notes.push(`series: "${String(first)}" is used; the platforms take one series, so ${more.map((name) => `"${String(name)}"`).join(', ')} ${more.length === 1 ? 'is' : 'are'} left out`);
  }
  return { data, sources, notes };
}

/**
 * The value at a front matter path and the path as the author wrote it; keys match exactly, else
 * case-insensitively (Hugo's keys are: `canonicalURL` finds `canonicalUrl`).
 */
function locate(data: Record<string, unknown>, fieldPath: string): { value: unknown; written: string } | undefined {
  let current: unknown = data;
  let written = '';
  for (const { key, lowerCaseKey, indexes, suffix } of segmentsOf(fieldPath)) {
    if (!isPlainObject(current)) return undefined;
    const actual = Object.hasOwn(current, key) ? key : keysByLowerCase(current).get(lowerCaseKey);
    if (actual === undefined) return undefined;
    current = current[actual];
    for (const index of indexes) current = Array.isArray(current) ? current[index] : undefined;
    written = written === '' ? `${actual}${suffix}` : `${written}.${actual}${suffix}`;
  }
  return isEmpty(current) ? undefined : { value: current, written };
}

/** One segment of a front matter path, split once per run: `images[0]` → key `images`, index 0, suffix `[0]`. */
interface PathSegment {
  key: string;
  lowerCaseKey: string;
  indexes: number[];
  suffix: string;
}

const segmentCache = new Map<string, PathSegment[]>();

function segmentsOf(fieldPath: string): PathSegment[] {
  let segments = segmentCache.get(fieldPath);
  if (!segments) {
    segments = fieldPath.split('.').map((segment) => {
      const [key = '', ...indexes] = segment.split('[').map((part) => part.replace(/\]$/, ''));
      return { key, lowerCaseKey: key.toLowerCase(), indexes: indexes.map(Number), suffix: indexes.map((index) => `[${index}]`).join('') };
    });
    segmentCache.set(fieldPath, segments);
  }
  return segments;
}

/** Each object's keys by their lower case (the first key wins), built once for all the paths looked up in it. */
const lowerCaseKeys = new WeakMap<object, Map<string, string>>();

function keysByLowerCase(object: Record<string, unknown>): Map<string, string> {
  let keys = lowerCaseKeys.get(object);
  if (!keys) {
    keys = new Map();
    for (const key of Object.keys(object)) if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
    lowerCaseKeys.set(object, keys);
  }
  return keys;
}

/** Top-level and per-platform-block values that say nothing (null, blank text, empty list) are dropped. */
function withoutEmptyValues(raw: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    // A key named __proto__ would set the object's prototype instead of a field.
    if (isEmpty(value) || key === '__proto__') continue;
    clean[key] = isPlainObject(value) ? Object.fromEntries(Object.entries(value).filter(([innerKey, inner]) => !isEmpty(inner) && innerKey !== '__proto__')) : value;
  }
  return clean;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
