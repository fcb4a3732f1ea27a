import path from 'node:path';
import type { Root, RootContent } from 'mdast';
import { toString as plainTextOf } from 'mdast-util-to-string';
import { analyseBody, renderMarkdown, renderPlainText, type BodyAnalysis, type MarkdownStyle } from './body.js';
import { devtoEmbed, hashnodeEmbed, linkEmbed, mediumEmbed } from './embeds.js';
import type { PlatformOverride } from '../config/front-matter.js';
import type { XpostConfig } from '../config/config-schema.js';
import type { PlatformId } from '../platforms/ids.js';
import { toHashtags } from '../platforms/tags.js';
import type { RenderedPost } from '../platforms/types.js';
import type { Post } from './load-post.js';
import type { PostFacts } from './markdown.js';
import { markdownToPlainText } from './plain-text.js';
import { loadTemplate, type TemplateName } from './templates.js';

/** What rendering needs besides the post: the config and where relative config paths start. */
export interface RenderSetup {
  config: XpostConfig;
  configDir: string;
  cwd: string;
}

/** The post's fields for one platform, before its body is rendered. */
export type ResolvedFields = Omit<RenderedPost, 'platform' | 'body'> & { question: string | undefined };

/** Front matter with the platform's own block laid over the shared fields, then config defaults. */
export function fieldsForPlatform(post: Post, platform: PlatformId | 'x' | 'reddit', config: XpostConfig): ResolvedFields {
  const shared = post.frontMatter;
  const override: PlatformOverride = platform === 'x' || platform === 'reddit' ? {} : (shared[platform] ?? {});
  const platformConfig = platform === 'x' || platform === 'reddit' ? undefined : config.platforms?.[platform];
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

/** The post's own canonical URL, else one built from the config's pattern, e.g. "{site}/blog/posts/{slug}/". */
export function canonicalUrlOf(post: Post, config: XpostConfig): string | undefined {
  if (post.frontMatter.canonical_url) return post.frontMatter.canonical_url;
  const pattern = config.site?.canonical;
  if (!pattern || !config.site) return undefined;
  const slug = post.frontMatter.slug ?? path.basename(post.file).replace(/\.(md|markdown|mdx)$/i, '');
  const [year = '', month = '', day = ''] = (post.frontMatter.date ?? '').slice(0, 10).split('-');
  return pattern
    .replaceAll('{site}', config.site.url.replace(/\/+$/, ''))
    .replaceAll('{slug}', slug)
    .replaceAll('{year}', year)
    .replaceAll('{month}', month)
    .replaceAll('{day}', day);
}

/** A cover image given as a relative path resolves like the body's images: against the canonical URL, or the site. */
function absoluteCoverImage(fields: ResolvedFields, config: XpostConfig): ResolvedFields {
  const base = fields.canonicalUrl ?? config.site?.url;
  if (!fields.coverImage || !base || /^[a-z][a-z0-9+.-]*:/i.test(fields.coverImage)) return fields;
  const origin = config.site ? new URL(config.site.url).origin : new URL(base).origin;
  const resolved = fields.coverImage.startsWith('/') && !fields.coverImage.startsWith('//') ? new URL(fields.coverImage, origin) : new URL(fields.coverImage, base);
  return { ...fields, coverImage: resolved.href };
}

/** Parsed once per post: the body's edits and tree with URLs made absolute, and the facts templates show. */
interface PostAnalysis {
  body: BodyAnalysis;
  tree: Root;
  facts: PostFacts;
  sections: Array<{ title: string; summary: string }>;
}

/** Keyed by post, then config: URLs are made absolute against the config's site, so each pair has its own tree. */
const analyses = new WeakMap<Post, WeakMap<XpostConfig, PostAnalysis>>();

function analyse(post: Post, config: XpostConfig): PostAnalysis {
  const byConfig = analyses.get(post) ?? new WeakMap<XpostConfig, PostAnalysis>();
  analyses.set(post, byConfig);
  const known = byConfig.get(config);
  if (known) return known;
  const canonical = canonicalUrlOf(post, config);
  const baseUrl = canonical ?? config.site?.url;
  const body = analyseBody(post.body, {
    file: post.displayPath,
    bodyStartLine: post.bodyStartLine,
    mdx: /\.mdx$/i.test(post.file),
    liquidOutput: false,
    title: post.frontMatter.title,
    ...(baseUrl ? { baseUrl } : {}),
    ...(config.site ? { siteOrigin: new URL(config.site.url).origin, siteUrl: config.site.url } : {}),
    userSyntax: { shortcodes: config.shortcodes, components: config.components },
  });
  const analysis = { body, tree: body.tree, facts: body.facts, sections: sectionsOf(body.tree) };
  byConfig.set(config, analysis);
  return analysis;
}

/** Each second-level heading with the first paragraph under it: the backbone of a thread. */
function sectionsOf(tree: Root): Array<{ title: string; summary: string }> {
  const sections: Array<{ title: string; summary: string }> = [];
  let current: { title: string; summary: string } | undefined;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) {
      current = { title: plainTextOf(node), summary: '' };
      sections.push(current);
    } else if (current && !current.summary && node.type === 'paragraph') {
      current.summary = markdownToPlainText({ type: 'root', children: [node as RootContent] });
    }
  }
  // A heading with no prose under it (only code or a table) makes an empty thread part.
  return sections.filter((section) => section.summary.length > 0);
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

function templateData(fields: ResolvedFields, platform: string, platformName: string, analysis: PostAnalysis, body: string, config: XpostConfig) {
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
    platform,
    platform_name: platformName,
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
function renderTemplate(name: TemplateName, setup: RenderSetup, data: ReturnType<typeof templateData>): string {
  const userDir = setup.config.templates ? path.resolve(setup.configDir, setup.config.templates) : undefined;
  const template = loadTemplate(name, userDir, setup.cwd);
  const tidy = template
    .render({ ...data, body: BODY_SLOT })
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `${tidy.split(BODY_SLOT).join(data.body.trim())}\n`;
}

const MARKDOWN_STYLES: Record<Exclude<PlatformId, 'linkedin'>, MarkdownStyle> = {
  devto: { embed: devtoEmbed, tables: 'keep', wrapLiquid: true },
  hashnode: { embed: hashnodeEmbed, tables: 'keep' },
  medium: { embed: mediumEmbed, tables: 'text-block' },
};

const ARTICLE_TEMPLATES: Record<PlatformId, TemplateName> = { devto: 'devto', hashnode: 'hashnode', medium: 'medium', linkedin: 'linkedin' };
const PLATFORM_NAMES: Record<PlatformId | 'x' | 'reddit', string> = { devto: 'dev.to', hashnode: 'Hashnode', medium: 'Medium', linkedin: 'LinkedIn', x: 'X', reddit: 'Reddit' };

/** The post as one platform receives it: the wrapped article, or for LinkedIn the plain-text share. */
export function renderForPlatform(post: Post, platform: PlatformId, setup: RenderSetup): RenderedPost {
  const fields = absoluteCoverImage(fieldsForPlatform(post, platform, setup.config), setup.config);
  const analysis = analyse(post, setup.config);
  const body = platform === 'linkedin' ? renderPlainText(analysis.body) : renderMarkdown(analysis.body, MARKDOWN_STYLES[platform]);
  const text = renderTemplate(ARTICLE_TEMPLATES[platform], setup, templateData(fields, platform, PLATFORM_NAMES[platform], analysis, body, setup.config));
  return { platform, ...fields, body: text };
}

/** The X thread as the template wrote it: its parts, separated by `---` lines (not yet fitted to 280). */
export function renderThreadParts(post: Post, setup: RenderSetup): string[] {
  const fields = fieldsForPlatform(post, 'x', setup.config);
  const analysis = analyse(post, setup.config);
  const body = renderPlainText(analysis.body);
  const text = renderTemplate('x', setup, templateData(fields, 'x', 'X', analysis, body, setup.config));
  return text.split(/^---[ \t]*$/m).map((part) => part.trim()).filter(Boolean);
}

/** A Reddit submission: its title and a Markdown body ending with the canonical link. */
export function renderReddit(post: Post, setup: RenderSetup): { title: string; body: string } {
  const fields = fieldsForPlatform(post, 'reddit', setup.config);
  const analysis = analyse(post, setup.config);
  const body = renderMarkdown(analysis.body, { embed: linkEmbed, tables: 'keep' });
  return { title: fields.title, body: renderTemplate('reddit', setup, templateData(fields, 'reddit', 'Reddit', analysis, body, setup.config)) };
}
