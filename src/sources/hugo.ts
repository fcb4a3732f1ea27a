import { cleanRelative, firstExisting, siteUrlOrUndefined, keyOf, readDataFile } from './site-files.js';
import { translateTokens } from './tokens.js';
import type { PagePath, SiteSettings, SiteSource } from './types.js';

const CONFIG_NAMES = ['hugo', 'config'].flatMap((name) => ['toml', 'yaml', 'yml', 'json'].map((ext) => `${name}.${ext}`));
const CONFIG_FILES = [...CONFIG_NAMES, ...CONFIG_NAMES.map((name) => `config/_default/${name}`)];
const PERMALINK_FILES = ['toml', 'yaml', 'yml', 'json'].map((ext) => `config/_default/permalinks.${ext}`);

/** Hugo permalink tokens (gohugo.io, "Configure permalinks") and the xpost placeholder each one is. */
const HUGO_TOKENS: Record<string, string> = {
  year: '{year}',
  month: '{month}',
  day: '{day}',
  title: '{title}',
  slug: '{slug_or_title}',
  slugorfilename: '{slug}',
  slugorcontentbasename: '{slug}',
  filename: '{name}',
  contentbasename: '{name}',
  section: '{section}',
  sections: '{path}',
};

/** Folders of a Hugo site that hold no posts, though they may hold Markdown with front matter. */
const NOT_CONTENT: Record<string, string> = {
  archetypes: 'a Hugo archetype (the template for new content), not a post',
  themes: 'part of a Hugo theme, not a post of this site',
  layouts: 'a Hugo layout file, not a post',
  data: 'a Hugo data file, not a post',
  public: "Hugo's build output, not a source post",
  resources: "Hugo's generated resources, not a post",
};

export const hugoSource: SiteSource = {
  id: 'hugo',
  name: 'Hugo',
  markers: CONFIG_FILES,
  // config.toml and friends are common names: only one that sets baseURL (or uses Hugo's config folder) is Hugo's.
  isOwnMarker: (marker, text) => marker.startsWith('hugo.') || marker.startsWith('config/_default/') || /^\s*"?baseurl"?\s*[=:]/im.test(text),
  liquid: false,
  buildsImages: false,

  async readSettings(root) {
    const configFile = await firstExisting(root, CONFIG_FILES);
    const config = (configFile && (await readDataFile(root, configFile))) || {};
    const permalinkFile = await firstExisting(root, PERMALINK_FILES);
    const permalinks = keyOf(config, 'permalinks') ?? (permalinkFile ? await readDataFile(root, permalinkFile) : undefined);
    const contentDir = cleanRelative(String(keyOf(config, 'contentDir') ?? 'content'));
    const postsFolder = await firstExisting(root, ['posts', 'post', 'blog', 'articles'].map((section) => `${contentDir}/${section}`));
    const section = postsFolder?.slice(contentDir.length + 1);
    return {
      url: siteUrlOrUndefined(keyOf(config, 'baseURL')),
      contentDir,
      postsDir: postsFolder ?? contentDir,
      ...canonicalFor(permalinks, section, keyOf(config, 'uglyURLs') === true),
    };
  },

  skipReason(page: PagePath, named) {
    const [top = ''] = page.relative.split('/');
    if (NOT_CONTENT[top]) return NOT_CONTENT[top];
    if (isSectionPage(page)) return 'a section page (_index lists a section), not a post';
    if (!page.inContentDir && !named) return "outside Hugo's content folder, so not a page of the site";
    if (page.folders.length === 0 && !named) return "a page at the top of Hugo's content folder, not a post in a section";
    return undefined;
  },
};

export function isSectionPage(page: PagePath): boolean {
  return /^_index\.[^.]+$/.test(page.relative.split('/').pop() ?? '');
}

/** The xpost pattern for the posts section: its `[permalinks]` entry translated, else Hugo's default (the content path). */
function canonicalFor(permalinks: unknown, section: string | undefined, uglyUrls: boolean): Pick<SiteSettings, 'canonical' | 'canonicalNote'> {
  const byKind = permalinks && typeof permalinks === 'object' && !Array.isArray(permalinks) ? (permalinks as Record<string, unknown>) : {};
  const pages = keyOf(byKind, 'page');
  const entries = pages && typeof pages === 'object' ? (pages as Record<string, unknown>) : byKind;
  const rule = section ? keyOf(entries, section) : undefined;
  if (typeof rule !== 'string') {
    if (Array.isArray(permalinks)) return { canonicalNote: "Hugo's list form of permalinks (with targets) is not translated; set site.canonical by hand" };
    return { canonical: uglyUrls ? '{site}/{path}/{slug}.html' : '{site}/{path}/{slug}/' };
  }
  const translated = translateTokens(rule, HUGO_TOKENS);
  if ('unknown' in translated) return { canonicalNote: `Hugo's permalink token :${translated.unknown} (in "${rule}") has no xpost placeholder; set site.canonical by hand` };
  return { canonical: `{site}/${translated.pattern.replace(/^\/+/, '')}` };
}
