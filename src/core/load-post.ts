import path from 'node:path';
import { frontMatterSchema, takePlatformSwitches, type FrontMatter } from '../config/front-matter.js';
import type { z } from '../config/zod.js';
import { XpostError } from '../errors/xpost-error.js';
import { CANONICAL_PLACEHOLDERS } from '../sources/canonical.js';
import { calendarDateProblem, readDateValue } from '../sources/dates.js';
import { resolveFields, type FieldSources, type FrontMatterMap } from '../sources/fields.js';
import { splitFrontMatter, type FrontMatterFormat } from '../sources/front-matter-text.js';
import { pagePath } from '../sources/path-facts.js';
import { MAX_POST_BYTES, formatBytes, readRegularFile } from '../sources/read-file.js';
import { sourceFor } from '../sources/registry.js';
import { SiteLookup, type SiteMatch } from '../sources/site-root.js';
import type { SiteSettings, SiteSource, SourceId } from '../sources/types.js';

/** Where a post sits in its site, as its generator sees it. */
export interface PostSite {
  /** The site generator whose conventions the post follows (`plain` outside any site). */
  generator: SourceId;
  /** Absolute path of the site root (the working directory for a plain folder). */
  root: string;
  /** The slug: front matter `slug`, else the bundle folder or file name without a leading YYYY-MM-DD- date. */
  slug: string;
  slugFrom: 'slug' | 'folder name' | 'file name';
  /** The bundle folder or file name as it is. */
  name: string;
  /** Folders between the generator's content folder and the post ({path}; the first is {section}). */
  folders: string[];
  /** Categories the generator puts in URLs (Jekyll), else the front matter's, lower case. */
  categories: string[];
  /** The post's address from front matter `permalink`/`url`: a site path or URL, possibly with {placeholders}. */
  permalink: string | undefined;
  /** The generator runs Liquid/Nunjucks over the body (Jekyll, Eleventy): `{% %}` and `{{ }}` are its syntax. */
  liquid: boolean;
  /** An .mdx file: `import`/`export` lines and JSX components are its syntax. */
  mdx: boolean;
  /** The front matter dialect the file uses. */
  format: FrontMatterFormat;
  /** A page bundle (`<name>/index.md`): its images and files are served beside the page. */
  bundle: boolean;
  /** The site URL and canonical pattern the generator's own config states: used where the xpost config sets none. */
  generatorSettings: GeneratorSettings;
}

/** What a site generator's own config says about addresses (Hugo baseURL and permalinks, Jekyll url and permalink, ...). */
export type GeneratorSettings = Pick<SiteSettings, 'url' | 'canonical'>;

/** One Markdown post as written by the author: validated front matter and the body without it. */
export interface Post {
  /** Absolute path of the source file. */
  file: string;
  /** The path as the user sees it (relative to the working directory). */
  displayPath: string;
  /** Front matter with each xpost field under its own name, whichever generator field it came from; `date` may come from the file name. */
  frontMatter: FrontMatter;
  /** Markdown body with front matter removed, BOM stripped and LF line endings. */
  body: string;
  /** 1-based line in the file where the body starts, so body line numbers can be reported. */
  bodyStartLine: number;
  /** The whole file as read (BOM stripped, LF endings): what the source hash covers. */
  source: string;
  site: PostSite;
  /** Where each xpost field was read from, e.g. { cover_image: 'heroImage', date: 'file name' }. */
  fieldSources: FieldSources;
  /** Things the user should hear about this post (several series given, a permalink xpost cannot read). */
  notes: string[];
  /** Other posts this one links to with the generator's syntax (`ref`, `post_url`), by target as written: their canonical URLs. */
  references: ReadonlyMap<string, string>;
  /** Platforms the front matter leaves this post off (`devto: false`). */
  platformsOff: ReadonlySet<string>;
}

/** Why the post is not sent to a platform by its own front matter (`devto: false`), or undefined. */
export function frontMatterSkipReason(post: Post, platform: string): string | undefined {
  return post.platformsOff.has(platform) ? `${platform}: false in the front matter` : undefined;
}

/**
 * `skip`: not a post of its site (a section page, a draft folder, a template), skipped whether named
 * or found. `notAPost`: no front matter or no body: skipped when found in a folder, a problem when named.
 */
export type LoadPostResult = { ok: true; post: Post } | { ok: false; problems: XpostError[]; skip?: string; notAPost?: string };

/** What the run knows besides the file: the site lookup shared by all posts, the config's field map. */
export interface LoadPostOptions {
  sites?: SiteLookup;
  frontMatterMap?: FrontMatterMap;
  /** The user named this file: a page outside the posts folder is taken as a post. */
  named?: boolean;
  /** The folder the user named that this file was found in, relative to cwd. */
  foundIn?: string;
}

/** Where a post sits, for parsing text already in memory. */
export interface PostPlace {
  source: SiteSource;
  root: string;
  page: ReturnType<typeof pagePath>;
  settings?: GeneratorSettings;
}

const BOM = '\uFEFF';

/** Reads, decodes and validates one post; every problem is returned as data, none is thrown. */
export async function loadPost(file: string, cwd: string, options: LoadPostOptions = {}): Promise<LoadPostResult> {
  const absolute = path.resolve(cwd, file);
  const displayPath = path.relative(cwd, absolute) || file;
  const fail = (code: XpostError['code'], message: string, hint?: string): LoadPostResult => ({
    ok: false,
    problems: [new XpostError(code, `${displayPath}: ${message}`, { file: displayPath, hint })],
  });

  const read = await readRegularFile(absolute, MAX_POST_BYTES);
  if (!read.ok) {
    if (read.reason === 'missing') return fail('FILE_NOT_FOUND', 'file not found', 'Check the path; it is resolved from the current directory.');
    if (read.reason === 'directory') return fail('FILE_UNREADABLE', 'is a directory, not a Markdown file', 'Pass the .md file itself, or a glob such as "posts/*.md".');
    if (read.reason === 'too-large') return fail('POST_INVALID', read.detail, `Split the post, or move large data out of it (posts may be up to ${formatBytes(MAX_POST_BYTES)}).`);
    if (read.reason === 'not-regular') return fail('FILE_UNREADABLE', read.detail, 'Pass a Markdown file.');
    return fail('FILE_UNREADABLE', read.detail, 'Check the file permissions.');
  }

  const site = await (options.sites ?? new SiteLookup(cwd)).siteOf(absolute);
  const place = placeOf(site, absolute);
  const chosen = options.foundIn !== undefined && isFolderOutsideContent(path.resolve(cwd, options.foundIn), site);
  const skip = site.source.skipReason(place.page, (options.named ?? false) || chosen);
  if (skip) return { ok: false, problems: [], skip };

  const text = decodeUtf8(read.bytes);
  if (text === undefined) return fail('POST_INVALID', 'is not valid UTF-8 text', 'Save the file as UTF-8 (most editors offer "Save with encoding").');
  return parsePostText(text, absolute, displayPath, { place, frontMatterMap: options.frontMatterMap });
}

/**
 * A folder the user named that the generator would not look for posts in (neither the content folder,
 * inside it, nor above it): a Next.js blog's public/posts. Its files are candidates, as named files are.
 */
function isFolderOutsideContent(folder: string, site: SiteMatch): boolean {
  const relative = path.relative(site.root, folder).split(path.sep).join('/');
  const content = site.settings.contentDir;
  if (relative.startsWith('..') || path.isAbsolute(relative) || content === '') return false;
  const inside = relative === content || relative.startsWith(`${content}/`);
  const above = relative === '' || content.startsWith(`${relative}/`);
  return !inside && !above;
}

function placeOf(site: SiteMatch, absolute: string): PostPlace {
  const relative = path.relative(site.root, absolute).split(path.sep).join('/');
  const { url, canonical } = site.settings;
  return { source: site.source, root: site.root, page: pagePath(relative, site.settings.contentDir), settings: { url, canonical } };
}

/**
 * Splits and validates already-decoded post text; exported for callers that hold the text in
 * memory. Without a place, the post is read as part of a plain folder named by its display path.
 */
export function parsePostText(rawText: string, file: string, displayPath: string, context: { place?: PostPlace; frontMatterMap?: FrontMatterMap } = {}): LoadPostResult {
  const text = normaliseText(rawText);
  const problem = (message: string, hint?: string): XpostError => new XpostError('POST_INVALID', `${displayPath}: ${message}`, { file: displayPath, hint });
  const place = context.place ?? { source: sourceFor('plain'), root: path.dirname(file), page: pagePath(displayPath.split(path.sep).join('/'), '') };

  const split = splitFrontMatter(text);
  if (split.kind === 'none') {
    return {
      ok: false,
      notAPost: 'not a post: no front matter',
      problems: [problem('has no front matter', 'Start the file with a block such as:\n---\ntitle: My post\n---')],
    };
  }
  if (split.kind === 'invalid') {
    const where = split.line === undefined ? '' : `:${split.line}`;
    return { ok: false, problems: [new XpostError('POST_INVALID', `${displayPath}${where}: ${split.message}`, { file: displayPath, hint: split.hint })] };
  }

  const adapted = place.source.adaptFrontMatter?.(split.data) ?? split.data;
  const fields = resolveFields(adapted, context.frontMatterMap);
  const problems: XpostError[] = [];
  const fieldName = (field: string) => fields.sources[field as keyof FieldSources] ?? field;

  const switches = takePlatformSwitches(fields.data);
  fields.notes.push(...switches.notes);
  const date = readPostDate(fields.data, fields.sources, place.page, displayPath, problems);
  if (date !== undefined) fields.data.date = date;
  const permalink = readPermalink(fields.data.permalink, place.source, fields.notes);
  if (permalink === false) return { ok: false, problems: [], skip: 'permalink: false (the generator writes no page for it)' };
  delete fields.data.permalink;
  if (permalink === undefined) delete fields.sources.permalink;

  const validation = frontMatterSchema.safeParse(fields.data);
  if (!validation.success) problems.push(...validation.error.issues.map((issue) => fieldProblem(issue, displayPath, fieldName)));
  if (split.body.trim().length === 0) {
    return { ok: false, notAPost: 'not a post: nothing after the front matter', problems: [...problems, problem('has no content after the front matter', 'Write the post below the front matter.')] };
  }
  if (!validation.success || problems.length > 0) return { ok: false, problems };

  const frontMatter = validation.data;
  const { page } = place;
  return {
    ok: true,
    post: {
      file,
      displayPath,
      frontMatter,
      body: split.body,
      bodyStartLine: split.bodyStartLine,
      source: text,
      site: {
        generator: place.source.id,
        root: place.root,
        slug: frontMatter.slug ?? page.baseSlug,
        slugFrom: frontMatter.slug ? 'slug' : page.bundle ? 'folder name' : 'file name',
        name: page.name,
        folders: page.folders,
        categories: place.source.categoriesOf?.(adapted, page) ?? frontMatterCategories(adapted),
        permalink,
        liquid: place.source.liquid,
        mdx: /\.mdx$/i.test(file),
        format: split.format,
        bundle: page.bundle,
        generatorSettings: place.settings ?? {},
      },
      fieldSources: fields.sources,
      notes: fields.notes,
      references: new Map(),
      platformsOff: new Set(switches.off),
    },
  };
}

/** The date from the front matter (date, pubDate, ...) as xpost keeps it, else from a YYYY-MM-DD- file or bundle name. */
function readPostDate(data: Record<string, unknown>, sources: FieldSources, page: ReturnType<typeof pagePath>, displayPath: string, problems: XpostError[]): string | undefined {
  if (data.date !== undefined) {
    const reading = readDateValue(data.date);
    if (reading.ok) return reading.date;
    const field = sources.date ?? 'date';
    problems.push(
      new XpostError('POST_INVALID', `${displayPath}: front matter field "${field}"${reading.message.startsWith('"') ? ':' : ''} ${reading.message}`, {
        file: displayPath,
        hint: 'Use a real calendar date: YYYY-MM-DD, or an ISO 8601 time such as 2026-01-31T09:30:00Z.',
      }),
    );
    delete data.date;
    return undefined;
  }
  if (!page.datePrefix) return undefined;
  const problem = calendarDateProblem(page.datePrefix);
  if (problem) {
    problems.push(new XpostError('POST_INVALID', `${displayPath}: the date in the file name: ${problem}`, { file: displayPath, hint: 'Rename the file with a real date, or set date: in the front matter.' }));
    return undefined;
  }
  sources.date = 'file name';
  return page.datePrefix;
}

/** The front matter permalink as an xpost pattern; false when the generator writes no page for the file. */
function readPermalink(value: unknown, source: SiteSource, notes: string[]): string | false | undefined {
  if (value === undefined) return undefined;
  if (value !== false && typeof value !== 'string') {
    notes.push(`permalink: ${JSON.stringify(value)} is not a site path or URL; it is left out`);
    return undefined;
  }
  const read = source.permalinkPattern?.(value === false ? false : value.trim()) ?? { pattern: value === false ? undefined : value.trim() };
  if ('note' in read) {
    notes.push(read.note);
    return undefined;
  }
  // A template left in the value ({{ page.url }}, {unknown}) would give a wrong address: the site pattern is used instead.
  const unknown = typeof read.pattern === 'string' ? [...read.pattern.matchAll(/\{([^{}]*)\}/g)].find((match) => !Object.hasOwn(CANONICAL_PLACEHOLDERS, match[1]!)) : undefined;
  if (unknown || (typeof read.pattern === 'string' && /\{\{|\{%/.test(read.pattern))) {
    notes.push(`permalink "${String(value)}" is a template xpost cannot fill; the site pattern is used`);
    return undefined;
  }
  return read.pattern;
}

function frontMatterCategories(data: Record<string, unknown>): string[] {
  const values = [data.category, ...(Array.isArray(data.categories) ? data.categories : [data.categories])];
  return values.filter((value): value is string => typeof value === 'string' && value.trim() !== '').map((value) => value.trim().toLowerCase());
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function normaliseText(text: string): string {
  const withoutBom = text.startsWith(BOM) ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

/** A validation issue in the user's words: the field as the author wrote it (heroImage, not cover_image), never validator text. */
function fieldProblem(issue: z.core.$ZodIssue, displayPath: string, fieldName: (field: string) => string): XpostError {
  const [first, ...rest] = issue.path.map(String);
  const field = first === undefined ? '(front matter)' : [fieldName(first), ...rest].join('.');
  const alias = first !== undefined && fieldName(first) !== first ? ` (read as ${first})` : '';
  return new XpostError('POST_INVALID', `${displayPath}: front matter field "${field}"${alias} ${issue.message}`, {
    file: displayPath,
    hint: 'See "Front matter" in the README for the accepted fields.',
  });
}
