/** Each platform has its own tag rules; every change is reported so dry-run can show it. */
export interface FittedTags<T = string> {
  tags: T[];
  notes: string[];
}

/** Folds accents to ASCII ("Café" → "Cafe") so alphanumeric-only rules keep the letters. */
function foldToAscii(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

function quoted(tags: string[]): string {
  return tags.map((tag) => `"${tag}"`).join(', ');
}

/** dev.to: at most 4 tags, lower-case ASCII letters and digits only, each at most 30 characters. */
export function fitDevtoTags(input: string[]): FittedTags {
  const DEVTO_MAX_TAGS = 4;
  const DEVTO_MAX_TAG_LENGTH = 30;
  const notes: string[] = [];
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const original of input) {
    const tag = foldToAscii(original).toLowerCase().replace(/[^a-z0-9]/g, '');
    if (tag.length === 0 || tag.length > DEVTO_MAX_TAG_LENGTH) {
      notes.push(`tag "${original}" dropped: dev.to tags are 1 to ${DEVTO_MAX_TAG_LENGTH} letters or digits`);
      continue;
    }
    if (kept.includes(tag)) continue;
    if (kept.length >= DEVTO_MAX_TAGS) {
      dropped.push(original);
      continue;
    }
    if (tag !== original) notes.push(`tag "${original}" sent as "${tag}"`);
    kept.push(tag);
  }
  if (dropped.length > 0) notes.push(`tags ${quoted(dropped)} dropped: dev.to allows at most ${DEVTO_MAX_TAGS} tags`);
  return { tags: kept, notes };
}

export interface HashnodeTag {
  slug: string;
  name: string;
}

/** Hashnode: `{slug, name}` pairs, at most 15; the slug is lower-case words joined by dashes. */
export function fitHashnodeTags(input: string[]): FittedTags<HashnodeTag> {
  const HASHNODE_MAX_TAGS = 15;
  const notes: string[] = [];
  const kept: HashnodeTag[] = [];
  const dropped: string[] = [];
  for (const original of input) {
    const name = original.trim();
    const slug = hashnodeSlug(name);
    if (slug.length === 0) {
      notes.push(`tag "${original}" dropped: it has no letters or digits`);
      continue;
    }
    if (kept.some((tag) => tag.slug === slug)) continue;
    if (kept.length >= HASHNODE_MAX_TAGS) {
      dropped.push(original);
      continue;
    }
    kept.push({ slug, name });
  }
  if (dropped.length > 0) notes.push(`tags ${quoted(dropped)} dropped: Hashnode allows at most ${HASHNODE_MAX_TAGS} tags`);
  return { tags: kept, notes };
}

/** "Node.js" → "nodejs", "Web Development" → "web-development", "C#" → "csharp". */
export function hashnodeSlug(name: string): string {
  return foldToAscii(name)
    .toLowerCase()
    .replace(/#/g, 'sharp')
    .replace(/\+/g, 'plus')
    .replace(/\./g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Medium: only the first 3 tags are used and a tag over 25 characters is ignored. */
export function fitMediumTags(input: string[]): FittedTags {
  const MEDIUM_MAX_TAGS = 3;
  const MEDIUM_MAX_TAG_LENGTH = 25;
  const notes: string[] = [];
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const original of input) {
    const tag = original.trim().replace(/\s+/g, ' ');
    if (tag.length === 0) continue;
    if (tag.length > MEDIUM_MAX_TAG_LENGTH) {
      notes.push(`tag "${original}" dropped: Medium ignores tags over ${MEDIUM_MAX_TAG_LENGTH} characters`);
      continue;
    }
    if (kept.some((existing) => existing.toLowerCase() === tag.toLowerCase())) continue;
    if (kept.length >= MEDIUM_MAX_TAGS) {
      dropped.push(original);
      continue;
    }
    if (tag !== original) notes.push(`tag "${original}" sent as "${tag}"`);
    kept.push(tag);
  }
  if (dropped.length > 0) notes.push(`tags ${quoted(dropped)} dropped: Medium uses only the first ${MEDIUM_MAX_TAGS} tags`);
  return { tags: kept, notes };
}

/** LinkedIn and X: "web development" → "#WebDevelopment", "node.js" → "#NodeJs"; a one-word tag keeps its case. */
export function toHashtags(input: string[]): FittedTags {
  const notes: string[] = [];
  const kept: string[] = [];
  for (const original of input) {
    const words = foldToAscii(original)
      .split(/[^A-Za-z0-9]+/)
      .filter((word) => word.length > 0);
    if (words.length === 0) {
      notes.push(`tag "${original}" dropped: a hashtag needs letters or digits`);
      continue;
    }
    const body = words.length === 1 ? (words[0] as string) : words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
    const hashtag = `#${body}`;
    if (kept.some((existing) => existing.toLowerCase() === hashtag.toLowerCase())) continue;
    if (body !== original.trim()) notes.push(`tag "${original}" shown as ${hashtag}`);
    kept.push(hashtag);
  }
  return { tags: kept, notes };
}
