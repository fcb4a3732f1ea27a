import getVideoId from 'get-video-id';

/**
 * Rich media a post embeds. 'other' is a page the user's config asks to embed although xpost has no
 * matcher for it; 'link' is not an embed at all (a GitHub repository from a dev.to tag, an iframe from an
 * unknown site): platforms other than dev.to's own tag receive it as a plain link.
 */
export type EmbedProvider = 'youtube' | 'vimeo' | 'twitter' | 'gist' | 'codepen' | 'codesandbox' | 'stackblitz' | 'other' | 'link';

export interface Embed {
  provider: EmbedProvider;
  /** The provider's canonical page for the item, e.g. https://www.youtube.com/watch?v=ID. */
  url: string;
  /** dev.to's own liquid tag as the author wrote it: dev.to receives it verbatim. */
  devtoText?: string;
}

/** How one platform writes an embed that stands alone in its paragraph. */
export type EmbedWriter = (embed: Embed) => string;

/** Platforms without embeds (Reddit's Markdown, LinkedIn, X): the address, which they link. */
export const linkEmbed: EmbedWriter = (embed) => embed.url;

/**
 * The providers xpost embeds, by host. Only YouTube and Vimeo vary enough to need a library
 * (get-video-id knows their dozen URL shapes); the others have one documented page shape each.
 */
const PAGE_MATCHERS: Array<{ provider: EmbedProvider; hosts: RegExp; canonical: (url: URL) => string | undefined }> = [
  { provider: 'twitter', hosts: /^(?:www\.|mobile\.)?(?:twitter|x)\.com$/, canonical: tweetPage },
  { provider: 'gist', hosts: /^gist\.github\.com$/, canonical: gistPage },
  { provider: 'codepen', hosts: /^codepen\.io$/, canonical: codepenPage },
  { provider: 'codesandbox', hosts: /^codesandbox\.io$/, canonical: codesandboxPage },
  { provider: 'stackblitz', hosts: /^stackblitz\.com$/, canonical: stackblitzPage },
];

/** The embed a URL (a page, an iframe src or a script src) stands for, or undefined when xpost does not embed it. */
export function embedFromUrl(address: string): Embed | undefined {
  let url: URL;
  try {
    url = new URL(address.trim().replace(/^\/\//, 'https://'));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const video: { id?: string | null; service?: string | null } = /(?:^|\.)(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com)$/.test(host) ? getVideoId(url.href) : {};
  if (video.id && video.service === 'youtube') return { provider: 'youtube', url: `https://www.youtube.com/watch?v=${video.id}` };
  if (video.id && video.service === 'vimeo') return { provider: 'vimeo', url: `https://vimeo.com/${video.id}` };
  for (const matcher of PAGE_MATCHERS) {
    if (!matcher.hosts.test(host)) continue;
    const canonical = matcher.canonical(url);
    return canonical === undefined ? undefined : { provider: matcher.provider, url: canonical };
  }
  return undefined;
}

function pathParts(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean);
}

function tweetPage(url: URL): string | undefined {
  const [user, status, id] = pathParts(url);
  if (!user || status !== 'status' || !id || !/^\d+$/.test(id)) return undefined;
  return `https://${url.hostname.replace(/^(?:www|mobile)\./, '')}/${user}/status/${id}`;
}

function gistPage(url: URL): string | undefined {
  const [user, id] = pathParts(url);
  if (!user || !id) return undefined;
  return `https://gist.github.com/${user}/${id.replace(/\.js$/, '')}`;
}

function codepenPage(url: URL): string | undefined {
  const parts = pathParts(url);
  // Team pens live under /team/<name>/pen/<slug>.
  const userParts = parts[0] === 'team' ? 2 : 1;
  const user = parts.slice(0, userParts).join('/');
  // Click-to-load embeds put "preview" before the slug: /user/embed/preview/<slug>.
  const [kind, slug] = parts.slice(userParts).filter((part, index) => !(index === 1 && part === 'preview'));
  if (!user || !slug || !['pen', 'embed', 'full', 'details', 'debug'].includes(kind ?? '')) return undefined;
  return `https://codepen.io/${user}/pen/${slug}`;
}

function codesandboxPage(url: URL): string | undefined {
  const [kind, ...rest] = pathParts(url);
  if ((kind === 's' || kind === 'embed') && rest[0]) return `https://codesandbox.io/s/${rest[0]}`;
  if (kind === 'p' && rest.length >= 2) return `https://codesandbox.io/p/${rest.join('/')}`;
  return undefined;
}

function stackblitzPage(url: URL): string | undefined {
  const [kind, ...rest] = pathParts(url);
  if (kind === 'edit' && rest[0]) return `https://stackblitz.com/edit/${rest[0]}`;
  if (kind === 'github' && rest.length >= 2) return `https://stackblitz.com/github/${rest.join('/')}`;
  return undefined;
}

/** A part of an HTML fragment: an embed (or a dead embed turned into a link), with its offsets in the fragment. */
export interface HtmlEmbed {
  start: number;
  end: number;
  /** Undefined for a loader script that is simply dropped (widgets.js, CodePen's ei.js). */
  embed?: Embed;
  /** Set when the element is not an embed xpost knows: what became of it, for the dry-run notes. */
  note?: string;
}

/** Scripts that only turn provider markup into an embed; without them the markup is a plain quote or link. */
const LOADER_SCRIPTS = /^(?:https?:)?\/\/(?:platform\.twitter\.com\/widgets\.js|(?:cpwebassets\.)?codepen\.io\/.*\/ei\.js|static\.codepen\.io\/.*\/ei\.js)/i;

interface OpenElement {
  name: string;
  start: number;
  attributes: Record<string, string>;
  /** For a tweet blockquote: the status link found inside it. */
  tweetUrl?: string;
}

/**
 * Finds the embeds in an HTML fragment: iframes, tweet blockquotes, gist and other scripts, CodePen's
 * `<p class="codepen">`. An iframe or script from a site xpost does not know becomes a link to its address
 * (an embed no platform runs would show nothing): a provider's host that is not on the list is unknown.
 */
export function findHtmlEmbeds(html: string): HtmlEmbed[] {
  const found: HtmlEmbed[] = [];
  const open: OpenElement[] = [];
  // Kept apart so a link inside finds its tweet without a walk up thousands of open elements.
  const tweets: OpenElement[] = [];
  // Required on first use: most posts hold no HTML, and its entity tables take a millisecond or two to build.
  const { Parser } = require('htmlparser2') as typeof import('htmlparser2');
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const element: OpenElement = { name, start: parser.startIndex, attributes };
        const tweet = tweets.at(-1);
        if (name === 'a' && tweet && tweet.tweetUrl === undefined) tweet.tweetUrl = embedFromUrl(attributes.href ?? '')?.url;
        if (name === 'blockquote' && isTweetBlockquote(attributes)) tweets.push(element);
        open.push(element);
      },
      onclosetag(name) {
        const index = open.findLastIndex((candidate) => candidate.name === name);
        if (index < 0) return;
        const [element] = open.splice(index);
        while (tweets.length > 0 && (tweets.at(-1)?.start ?? -1) >= (element?.start ?? 0)) tweets.pop();
        if (element) {
          const embed = embedOfElement(element, parser.endIndex + 1);
          if (embed) found.push(embed);
        }
      },
    },
    { decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  // An embed inside another (a CodePen <p> inside a wrapper) is found once, as the outer element.
  return found
    .sort((a, b) => a.start - b.start)
    .filter((embed, index, all) => !all.slice(0, index).some((outer) => outer.start <= embed.start && embed.end <= outer.end));
}

function isTweetBlockquote(attributes: Record<string, string>): boolean {
  return /(?:^|\s)twitter-tweet(?:\s|$)/.test(attributes.class ?? '');
}

function embedOfElement(element: OpenElement, end: number): HtmlEmbed | undefined {
  const { name, start, attributes } = element;
  if (name === 'iframe') {
    const src = attributes.src ?? '';
    const embed = embedFromUrl(src);
    if (embed) return { start, end, embed };
    if (!/^(?:https?:)?\/\//i.test(src)) return { start, end, note: 'an <iframe> without an http(s) address was removed' };
    const url = src.replace(/^\/\//, 'https://');
    return { start, end, embed: { provider: 'link', url }, note: `an <iframe> from ${new URL(url).host} is sent as a link: no platform embeds that site` };
  }
  if (name === 'blockquote' && isTweetBlockquote(attributes) && element.tweetUrl) {
    return { start, end, embed: { provider: 'twitter', url: element.tweetUrl } };
  }
  if (name === 'p' && /(?:^|\s)codepen(?:\s|$)/.test(attributes.class ?? '') && attributes['data-slug-hash']) {
    const user = attributes['data-user'] ?? 'team/codepen';
    return { start, end, embed: { provider: 'codepen', url: `https://codepen.io/${user}/pen/${attributes['data-slug-hash']}` } };
  }
  if (name === 'script') {
    const src = attributes.src ?? '';
    if (LOADER_SCRIPTS.test(src)) return { start, end };
    const embed = embedFromUrl(src);
    if (embed?.provider === 'gist') return { start, end, embed };
    if (!/^(?:https?:)?\/\//i.test(src)) return { start, end, note: 'an inline <script> was removed: no platform runs scripts' };
    const url = src.replace(/^\/\//, 'https://');
    return { start, end, embed: { provider: 'link', url }, note: `a <script> from ${new URL(url).host} is sent as a link: no platform runs scripts` };
  }
  return undefined;
}
