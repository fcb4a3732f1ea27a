import { embedFromUrl, type Embed, type EmbedProvider } from '../../core/embeds.js';
import type { SyntaxMapping } from './config.js';
import { fillTemplate } from './params.js';
import type { ConfigEntry, SyntaxContext, SyntaxParams, SyntaxProblem } from './types.js';

/** A shortcode (Hugo), tag (Liquid) or component (MDX) found in the body. */
export interface Construct {
  dialect: 'hugo' | 'liquid' | 'mdx';
  name: string;
  params: SyntaxParams;
  /** Content between the opening and closing form, nested constructs already converted. */
  inner?: string;
  /** Content between the opening and closing form exactly as written (raw, highlight). */
  rawInner?: string;
  /** The construct as written, for messages and dev.to's own tags. */
  original: string;
}

export type Conversion = { text: string; embed?: Embed; html?: string } | { problem: string; configEntry?: ConfigEntry; hint?: string };

const DIALECT_NAMES: Record<Construct['dialect'], string> = { hugo: 'Hugo shortcode', liquid: 'Liquid tag', mdx: 'MDX component' };

/** What a construct becomes: the user's mapping first, then what xpost knows, else a problem naming the config entry. */
export function convertConstruct(construct: Construct, context: SyntaxContext): Conversion {
  const mappings = construct.dialect === 'mdx' ? context.userSyntax?.components : context.userSyntax?.shortcodes;
  const mapping = mappings && Object.hasOwn(mappings, construct.name) ? mappings[construct.name] : undefined;
  if (mapping !== undefined) return applyMapping(mapping, construct);
  const known = construct.dialect === 'mdx' ? convertComponent(construct) : convertShortcodeOrTag(construct, context);
  if (known) return known;
  return {
    problem: `${DIALECT_NAMES[construct.dialect]} "${construct.name}" is not one xpost converts: ${abbreviate(construct.original)}`,
    configEntry: configEntryFor(construct),
  };
}

/** A conversion that failed, as the problem at `offset` in the body. */
export function problemAt(offset: number, failed: Extract<Conversion, { problem: string }>): SyntaxProblem {
  return { offset, message: failed.problem, configEntry: failed.configEntry, hint: failed.hint };
}

function applyMapping(mapping: SyntaxMapping, construct: Construct): Conversion {
  if (mapping === false) return { text: '' };
  const filled = fillTemplate(typeof mapping === 'string' ? mapping : mapping.embed, construct.params, construct.inner);
  if (filled.missing.length > 0) return missingParameters(construct, filled.missing);
  if (typeof mapping === 'string') return { text: filled.text };
  const url = filled.text.trim();
  // The user asked for an embed: a page xpost has no matcher for is still sent in each platform's embed form.
  const embed = embedFromUrl(url) ?? { provider: 'other' as const, url };
  return { text: embed.url, embed };
}

/** A mapping that asks for what the construct does not give would silently drop text: the author decides. */
function missingParameters(construct: Construct, missing: string[]): Conversion {
  const section = construct.dialect === 'mdx' ? 'components' : 'shortcodes';
  const keys = [...new Set(missing)];
  const placeholders = keys.map((key) => `{{${key}}}`).join(', ');
  const optional = keys.map((key) => `{{${key}?}}`).join(', ');
  return {
    problem: `${DIALECT_NAMES[construct.dialect]} "${construct.name}" is mapped to a template that uses ${placeholders}, which it does not give: ${abbreviate(construct.original)}`,
    hint: `Give the ${construct.dialect === 'mdx' ? 'component' : 'shortcode'} what its mapping uses, or write ${optional} in the config's ${section}: entry for "${construct.name}" to leave it empty when it is not given.`,
  };
}

/** The entry a user would add to the config file, with the construct's own parameters as an example. */
function configEntryFor(construct: Construct): ConfigEntry {
  const parts = [
    ...Object.keys(construct.params.named).map((name) => `{{${name}}}`),
    ...construct.params.positional.map((_value, index) => `{{${index}}}`),
    ...(construct.inner !== undefined ? ['{{inner}}'] : []),
  ];
  const template = parts.length > 0 ? parts.join(' ') : '<Markdown>';
  return {
    section: construct.dialect === 'mdx' ? 'components' : 'shortcodes',
    name: construct.name,
    value: `${JSON.stringify(template)}   # or { embed: "https://…{{0}}" }, or false to drop it`,
  };
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}…` : oneLine;
}

function first(params: SyntaxParams, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params.named[name];
    if (value !== undefined && value !== '') return value;
  }
  return params.positional[0];
}

const isUrl = (value: string) => /^https?:\/\//i.test(value);

/** The page of an item from a provider's id parameters (or a URL given instead of an id). */
function providerPage(provider: EmbedProvider, params: SyntaxParams): Embed | undefined {
  const id = first(params, 'id', 'url', 'src');
  if (id === undefined) return undefined;
  if (isUrl(id)) return embedFromUrl(id);
  const [second] = params.positional.slice(1);
  switch (provider) {
    case 'youtube':
      return embedFromUrl(`https://www.youtube.com/watch?v=${encodeURIComponent(id)}`);
    case 'vimeo':
      return embedFromUrl(`https://vimeo.com/${encodeURIComponent(id)}`);
    case 'twitter': {
      const user = params.named.user ?? (second === undefined ? 'i' : id);
      const status = params.named.user ? id : (second ?? id);
      return embedFromUrl(`https://twitter.com/${user}/status/${status}`);
    }
    case 'gist': {
      const [user, gist] = second === undefined ? id.split('/') : [id, second];
      return user && gist ? embedFromUrl(`https://gist.github.com/${user}/${gist}`) : undefined;
    }
    case 'codepen': {
      const user = params.named.user ?? (second === undefined ? 'team/codepen' : id);
      return embedFromUrl(`https://codepen.io/${user}/pen/${second ?? params.named.hash ?? id}`);
    }
    case 'codesandbox':
      return embedFromUrl(`https://codesandbox.io/s/${id}`);
    case 'stackblitz':
      return embedFromUrl(`https://stackblitz.com/edit/${id}`);
    default:
      return undefined;
  }
}

const EMBED_SHORTCODES: Record<string, EmbedProvider> = {
  youtube: 'youtube',
  vimeo: 'vimeo',
  tweet: 'twitter',
  twitter: 'twitter',
  x: 'twitter',
  gist: 'gist',
  codepen: 'codepen',
  codesandbox: 'codesandbox',
  stackblitz: 'stackblitz',
};

/** Hugo shortcodes and Liquid tags (Jekyll's and dev.to's) that xpost converts without configuration. */
function convertShortcodeOrTag(construct: Construct, context: SyntaxContext): Conversion | undefined {
  const { name, params, dialect } = construct;
  const provider = EMBED_SHORTCODES[name];
  // dev.to runs its own liquid tags: it receives them exactly as written.
  const devtoText = dialect === 'liquid' ? construct.original : undefined;
  if (provider) {
    const embed = providerPage(provider, params);
    if (!embed) {
      return { problem: `${DIALECT_NAMES[dialect]} "${name}" has no id or URL xpost recognises: ${abbreviate(construct.original)}`, configEntry: configEntryFor(construct) };
    }
    return { text: embed.url, embed: devtoText ? { ...embed, devtoText } : embed };
  }
  switch (name) {
    case 'embed': {
      const url = params.positional[0] ?? '';
      if (dialect !== 'liquid' || !isUrl(url)) return undefined;
      const embed = embedFromUrl(url) ?? { provider: 'link' as const, url };
      return { text: embed.url, embed: { ...embed, devtoText: construct.original } };
    }
    case 'github': {
      const repository = params.positional[0] ?? '';
      if (dialect !== 'liquid' || repository === '') return undefined;
      const url = isUrl(repository) ? repository : `https://github.com/${repository}`;
      return { text: url, embed: { provider: 'link', url, devtoText: construct.original } };
    }
    case 'figure':
      return dialect === 'hugo' ? { text: figureMarkdown(params), html: figureHtml(params) } : undefined;
    case 'highlight':
      return { text: fencedCode(construct.rawInner ?? '', params.positional[0] ?? params.named.lang ?? '') };
    case 'raw':
      return dialect === 'liquid' ? { text: construct.rawInner ?? '' } : undefined;
    case 'comment':
      return dialect === 'liquid' ? { text: '' } : undefined;
    case 'ref':
    case 'relref':
    case 'post_url':
      return referenceUrl(construct, name, context);
    case 'link': {
      const target = params.positional[0] ?? '';
      if (dialect !== 'liquid' || target === '') return undefined;
      if (isUrl(target)) return { text: target, embed: { provider: 'link', url: target, devtoText: construct.original } };
      return referenceUrl(construct, name, context);
    }
    default:
      return undefined;
  }
}

function referenceUrl(construct: Construct, kind: string, context: SyntaxContext): Conversion {
  const reference = construct.params.positional[0] ?? construct.params.named.path ?? '';
  const [target = '', fragment] = reference.split('#', 2);
  const url = target === '' ? undefined : context.resolvePostReference?.(target, kind);
  if (url === undefined) {
    return { problem: `${abbreviate(construct.original)} names no post xpost can find ("${reference}")` };
  }
  return { text: fragment === undefined ? url : `${url}#${fragment}` };
}

function figureMarkdown(params: SyntaxParams): string {
  const { src = '', link, title, caption } = params.named;
  const alt = params.named.alt ?? caption ?? title ?? '';
  const destination = /[\s()<>]/.test(src) ? `<${src.replace(/[<>]/g, encodeURIComponent)}>` : src;
  const titlePart = title ? ` "${title.replace(/"/g, '\\"')}"` : '';
  const image = `![${alt.replace(/([[\]\\])/g, '\\$1')}](${destination}${titlePart})`;
  const linked = link ? `[${image}](${link})` : image;
  return caption ? `${linked}\n*${caption.trim()}*` : linked;
}

/** Hugo's own figure markup, for a figure that sits in raw HTML where Markdown image syntax would show as text. */
function figureHtml(params: SyntaxParams): string {
  const { src = '', link, title, caption } = params.named;
  const alt = params.named.alt ?? caption ?? title ?? '';
  const image = `<img src="${escapeAttribute(src)}" alt="${escapeAttribute(alt)}"${title ? ` title="${escapeAttribute(title)}"` : ''}>`;
  const linked = link ? `<a href="${escapeAttribute(link)}">${image}</a>` : image;
  return caption ? `<figure>${linked}<figcaption>${escapeText(caption.trim())}</figcaption></figure>` : linked;
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fence longer than any backtick run in the code, so the code cannot close it. */
function fencedCode(code: string, language: string): string {
  const body = code.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
  const longestRun = Math.max(2, ...Array.from(body.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}

/** mdx-embed's components (youTubeId, tweetLink, codePenId, gistLink, codeSandboxId) and astro-embed's (`id`). */
const EMBED_COMPONENTS: Record<string, { provider: EmbedProvider; props: string[] }> = {
  YouTube: { provider: 'youtube', props: ['youTubeId', 'id'] },
  Vimeo: { provider: 'vimeo', props: ['vimeoId', 'id'] },
  Tweet: { provider: 'twitter', props: ['tweetLink', 'id'] },
  CodePen: { provider: 'codepen', props: ['codePenId', 'id'] },
  Gist: { provider: 'gist', props: ['gistLink', 'id'] },
  CodeSandbox: { provider: 'codesandbox', props: ['codeSandboxId', 'id'] },
  StackBlitz: { provider: 'stackblitz', props: ['id', 'projectId'] },
};

function convertComponent(construct: Construct): Conversion | undefined {
  const known = EMBED_COMPONENTS[construct.name];
  if (!known) return undefined;
  const value = known.props.map((prop) => construct.params.named[prop]).find((candidate) => candidate !== undefined && candidate !== '');
  if (value === undefined) return undefined;
  // mdx-embed's tweetLink is "user/status/id" without the host.
  const id = known.provider === 'twitter' && !isUrl(value) && value.includes('/') ? `https://twitter.com/${value}` : value;
  const embed = providerPage(known.provider, { named: { id }, positional: [] });
  return embed ? { text: embed.url, embed } : undefined;
}
