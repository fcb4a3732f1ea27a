import type { PlatformOverride } from '../config/front-matter.js';
import type { XpostConfig } from '../config/config-schema.js';
import { renderTargetFor, type PlatformId, type RenderTargetId } from '../platforms/registry.js';
import { toHashtags } from '../platforms/tags.js';
import type { RenderedPost, RenderTarget } from '../platforms/types.js';
import { canonicalUrlOf } from '../sources/canonical.js';
import { analyseBody, renderMarkdown, renderPlainText, type BodyAnalysis } from './body.js';
import type { Post } from './load-post.js';
import type { PostFacts } from './markdown.js';
import { sectionsOf, type Section } from './sections.js';
import { loadTemplate, userTemplateDir } from './templates.js';

/** What rendering needs besides the post: the config and where relative config paths start. */
export interface RenderSetup {
  config: XpostConfig;
  configDir: string;
  cwd: string;
}

/** The post's fields for one platform, before its body is rendered. */
export type ResolvedFields = Omit<RenderedPost, 'platform' | 'body'> & { question: string | undefined };

/** Front matter with the target's own block laid over the shared fields, then config defaults. */
export function fieldsForPlatform(post: Post, target: RenderTargetId, config: XpostConfig): ResolvedFields {
  const shared = post.frontMatter;
  const override: PlatformOverride = shared[target] ?? {};
  const platformConfig = config.platforms?.[target];
  return {
    title: override.title ?? shared.title,
    description: override.description ?? shared.description,
    tags: override.tags ?? platformConfig?.tags ?? shared.tags ?? [],
    canonicalUrl: override.canonical_url ?? canonicalUrlOf(post, config),
    coverImage: override.cover_image ?? shared.cover_image,
    published: override.published ?? shared.published ?? platformConfig?.published ?? true,
    series: override.series ?? shared.series,
    slug: override.slug ?? shared.slug,
    date: shared.date,
    question: shared.question,
  };
}

/**
 * A cover image given as a relative path resolves like the body's images: against the canonical URL, or the site.
 * One that climbs out of the post's folder (Astro's `../../assets/hero.png`) is built by the site to an address
 * xpost cannot know, so no cover is sent rather than a broken one.
 */
function absoluteCoverImage(fields: ResolvedFields, config: XpostConfig): ResolvedFields {
  const base = fields.canonicalUrl ?? config.site?.url;
  if (fields.coverImage && UNKNOWABLE_COVER.test(fields.coverImage)) return { ...fields, coverImage: undefined };
  if (!fields.coverImage || !base || /^[a-z][a-z0-9+.-]*:/i.test(fields.coverImage)) return fields;
  const origin = config.site ? new URL(config.site.url).origin : new URL(base).origin;
  const resolved = fields.coverImage.startsWith('/') && !fields.coverImage.startsWith('//') ? new URL(fields.coverImage, origin) : new URL(fields.coverImage, base);
  return { ...fields, coverImage: resolved.href };
}

/** Parsed once per post: the body's edits (generator syntax, embeds, absolute URLs), its tree, and the facts templates show. */
interface PostAnalysis {
  body: BodyAnalysis;
  facts: PostFacts;
  sections: Section[];
}

/** Keyed by post, then config: URLs are made absolute against the config's site, so each pair has its own analysis. */
const analyses = new WeakMap<Post, WeakMap<XpostConfig, PostAnalysis>>();

function analyse(post: Post, config: XpostConfig): PostAnalysis {
  const byConfig = analyses.get(post) ?? new WeakMap<XpostConfig, PostAnalysis>();
  analyses.set(post, byConfig);
  const known = byConfig.get(config);
  if (known) return known;
  const baseUrl = canonicalUrlOf(post, config) ?? config.site?.url;
  const body = analyseBody(post.body, {
    file: post.displayPath,
    bodyStartLine: post.bodyStartLine,
    mdx: post.site.mdx,
    liquidOutput: post.site.liquid,
    title: post.frontMatter.title,
    ...(baseUrl ? { baseUrl } : {}),
    ...(config.site ? { siteOrigin: new URL(config.site.url).origin, siteUrl: config.site.url } : {}),
    userSyntax: { shortcodes: config.shortcodes, components: config.components },
    resolvePostReference: (reference) => post.references.get(reference),
  });
  const analysis = { body, facts: body.facts, sections: sectionsOf(body.tree) };
  byConfig.set(config, analysis);
  return analysis;
}

const LINK_LABELS: Record<string, string> = {
  portfolio: 'My portfolio',
  blog: 'My blog',
  linkedin: 'LinkedIn',
  x: 'X (Twitter)',
  twitter: 'X (Twitter)',
  github: 'GitHub',
  email: 'Email',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  youtube: 'YouTube',
  newsletter: 'Newsletter',
};

function templateData(fields: ResolvedFields, target: RenderTarget, analysis: PostAnalysis, body: string, config: XpostConfig) {
  const siteUrl = config.site?.url;
  const hostOf = (url: string | undefined) => (url ? new URL(url).host.replace(/^www\./, '') : undefined);
  const links = config.author?.links ?? {};
  return {
    title: fields.title,
    description: fields.description,
    body,
    canonical_url: fields.canonicalUrl,
    tags: fields.tags,
    hashtags: toHashtags(fields.tags).tags.join(' '),
    cover_image: fields.coverImage,
    date: fields.date,
    reading_time: analysis.facts.readingTimeMinutes,
    headings: analysis.facts.headings.filter((heading) => heading.depth === 2),
    sections: analysis.sections,
    excerpt: analysis.facts.excerpt,
    question: fields.question,
    platform: target.id,
    platform_name: target.name,
    author: {
      ...config.author,
      links,
      link_list: Object.entries(links)
        .filter(([, url]) => url.trim().length > 0)
        .map(([key, url]) => ({
          label: LINK_LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1),
          url: key === 'email' && !url.includes(':') ? `mailto:${url}` : url,
        })),
    },
    site: { url: siteUrl, name: config.site?.name ?? hostOf(siteUrl) ?? hostOf(fields.canonicalUrl) },
  };
}

/** Private-use characters: cannot occur in a real post, so the body can be put back after tidying the template. */
const BODY_SLOT = '\uE000xpost-body\uE001';

/**
 * Renders a template around a body. Blank lines left by vanished sections are collapsed in the
 * template's text only: the body (and the blank lines inside its code blocks) is inserted afterwards.
 */
function renderTemplate(target: RenderTarget, setup: RenderSetup, data: ReturnType<typeof templateData>): string {
  const template = loadTemplate(target.id, userTemplateDir(setup.config.templates, setup.configDir, setup.cwd), setup.cwd);
  const tidy = template
    .render({ ...data, body: BODY_SLOT })
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `${tidy.split(BODY_SLOT).join(data.body.trim())}\n`;
}

const FIELD_NAMES: Record<string, string> = { cover_image: 'cover image', canonical_url: 'canonical URL' };
const UNKNOWABLE_COVER = /^(?:\.\/)*\.\.\//;

/**
 * What the user should know about how xpost read the post, said once per post in the dry-run: the
 * fields read under a generator's own names ("cover image from heroImage"), what loading noticed,
 * and what the body converter changed beyond the expected (an unknown iframe sent as a link).
 */
export function postNotes(post: Post, setup: RenderSetup): string[] {
  const sources = Object.entries(post.fieldSources)
    .filter(([field, source]) => source !== field)
    .map(([field, source]) => `${FIELD_NAMES[field] ?? field} from ${source === 'file name' ? 'the file name' : `\`${source}\``}`);
  const cover = post.frontMatter.cover_image;
  const coverNote = cover && UNKNOWABLE_COVER.test(cover) ? [`cover image "${cover}" not sent: the site builds it to an address xpost cannot know; set cover_image to the image's full URL`] : [];
  return [...(sources.length > 0 ? [`read ${sources.join(', ')}`] : []), ...post.notes, ...coverNote, ...bodyNotes(post, setup)];
}

/** A body that cannot be converted has no notes: its problems are reported with every other post's by the prepare step. */
function bodyNotes(post: Post, setup: RenderSetup): string[] {
  try {
    return analyse(post, setup.config).body.notes;
  } catch {
    return [];
  }
}

/** The post as one platform receives it: the wrapped article, the plain-text share for LinkedIn, or a thread's parts. */
export function renderForPlatform(post: Post, platform: PlatformId, setup: RenderSetup): RenderedPost {
  if (renderTargetFor(platform).shape === 'thread') {
    const { fields, parts } = renderThread(post, platform, setup);
    return { platform, ...fields, body: `${parts.join('\n\n')}\n`, parts };
  }
  const { fields, body } = renderArticle(post, platform, setup);
  return { platform, ...fields, body };
}

/** An article-shaped target (a publish platform, or the Reddit submission): its fields and the template's text around the body. */
export function renderArticle(post: Post, targetId: RenderTargetId, setup: RenderSetup): { fields: ResolvedFields; body: string } {
  const target = renderTargetFor(targetId);
  const fields = absoluteCoverImage(fieldsForPlatform(post, target.id, setup.config), setup.config);
  const analysis = analyse(post, setup.config);
  const body = target.body.format === 'plain' ? renderPlainText(analysis.body) : renderMarkdown(analysis.body, target.body.style);
  return { fields, body: renderTemplate(target, setup, templateData(fields, target, analysis, body, setup.config)) };
}

/** A thread-shaped target's parts as its template wrote them, separated by `---` lines (not yet fitted to the platform's length). */
export function renderThreadParts(post: Post, targetId: RenderTargetId, setup: RenderSetup): string[] {
  return renderThread(post, targetId, setup).parts;
}

function renderThread(post: Post, targetId: RenderTargetId, setup: RenderSetup): { fields: ResolvedFields; parts: string[] } {
  const target = renderTargetFor(targetId);
  const fields = absoluteCoverImage(fieldsForPlatform(post, target.id, setup.config), setup.config);
  const analysis = analyse(post, setup.config);
  const data = templateData(fields, target, analysis, renderPlainText(analysis.body), setup.config);
  // A `---` line in the post's own text (code in a section) must not split the thread: only the template's do.
  const guarded = { ...data, body: guardSeparators(data.body), excerpt: guardSeparators(data.excerpt), sections: data.sections.map((section) => ({ title: guardSeparators(section.title), summary: guardSeparators(section.summary) })) };
  const text = renderTemplate(target, setup, guarded);
  const parts = text
    .split(/^---[ \t]*$/m)
    .map((part) => part.split(GUARDED_SEPARATOR).join('---').trim())
    .filter(Boolean);
  return { fields, parts };
}

/** Private-use marker standing in for a `---` line of the post's own text while the template's parts are split. */
const GUARDED_SEPARATOR = '\uE002-\uE002';

function guardSeparators(text: string): string {
  return text.replace(/^---([ \t]*)$/gm, `${GUARDED_SEPARATOR}$1`);
}
