import { cleanRelative, firstExisting, siteUrlOrUndefined, readDataFile } from './site-files.js';
import { translateTokens } from './tokens.js';
import type { PagePath, SiteSettings, SiteSource } from './types.js';

const CONFIG_FILES = ['_config.yml', '_config.yaml', '_config.toml'];

/** Jekyll's named permalink styles (jekyllrb.com, "Permalinks"). */
const STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** Jekyll's URL placeholders (its UrlDrop) that xpost can fill: :title is the front matter slug, else the file name after its date. */
const JEKYLL_TOKENS: Record<string, string> = {
  year: '{year}',
  month: '{month}',
  day: '{day}',
  title: '{slug}',
  slug: '{slug}',
  categories: '{categories}',
  output_ext: '.html',
};

/** Folders Jekyll never renders as posts. */
const NOT_POSTS: Record<string, string> = {
  _drafts: 'a Jekyll draft (in _drafts/, not on the site)',
  _includes: 'a Jekyll include, not a post',
  _layouts: 'a Jekyll layout, not a post',
  _data: 'a Jekyll data file, not a post',
  _site: "Jekyll's build output, not a source post",
  vendor: 'a bundled gem file, not a post',
};

export const jekyllSource: SiteSource = {
  id: 'jekyll',
  name: 'Jekyll',
  markers: CONFIG_FILES,
  liquid: true,
  buildsImages: false,

  async readSettings(root) {
    const configFile = await firstExisting(root, CONFIG_FILES);
    const config = (configFile && (await readDataFile(root, configFile))) || {};
    const url = siteUrlOrUndefined(config.url);
    const baseurl = typeof config.baseurl === 'string' ? cleanRelative(config.baseurl) : '';
    const collections = typeof config.collections_dir === 'string' ? cleanRelative(config.collections_dir) : '';
    return {
      url: url && baseurl ? `${url.replace(/\/+$/, '')}/${baseurl}` : url,
      contentDir: '',
      postsDir: collections ? `${collections}/_posts` : '_posts',
      ...canonicalFor(typeof config.permalink === 'string' ? config.permalink : 'date'),
    };
  },

  skipReason(page: PagePath, named) {
    const folders = page.relative.split('/').slice(0, -1);
    const special = folders.find((folder) => NOT_POSTS[folder]);
    if (special) return NOT_POSTS[special];
    if (!named && !folders.includes('_posts')) return 'a Jekyll page, not a post (posts live in _posts/)';
    return undefined;
  },

  // Jekyll splits a text `tags:` or `categories:` on spaces ("tags: jekyll update" is two tags).
  adaptFrontMatter(data) {
    const adapted = { ...data };
    for (const key of ['tags', 'categories']) {
      const value = adapted[key];
      if (typeof value === 'string') adapted[key] = value.split(/[\s,]+/).filter(Boolean);
    }
    return adapted;
  },

  // Jekyll's post categories: the folders above _posts and the front matter's category/categories, lowercased in URLs.
  categoriesOf(data, page) {
    const folders = page.relative.split('/');
    const postsAt = folders.indexOf('_posts');
    const fromPath = postsAt > 0 ? folders.slice(0, postsAt) : [];
    const fromData = [data.category, ...(Array.isArray(data.categories) ? data.categories : [data.categories])].filter(
      (value): value is string | number => typeof value === 'string' || typeof value === 'number',
    );
    return [...new Set([...fromPath, ...fromData.map(String)].map((category) => category.toLowerCase()))];
  },

  permalinkPattern(value) {
    if (value === false) return { note: 'permalink: false is not a Jekyll setting; the site pattern is used' };
    const translated = translateTokens(STYLES[value] ?? value, JEKYLL_TOKENS);
    return 'unknown' in translated ? { note: `Jekyll's permalink placeholder :${translated.unknown} has no xpost equivalent; the site pattern is used` } : { pattern: translated.pattern };
  },
};

function canonicalFor(permalink: string): Pick<SiteSettings, 'canonical' | 'canonicalNote'> {
  const rule = STYLES[permalink] ?? permalink;
  const translated = translateTokens(rule, JEKYLL_TOKENS);
  if ('unknown' in translated) return { canonicalNote: `Jekyll's permalink placeholder :${translated.unknown} (in "${rule}") has no xpost equivalent; set site.canonical by hand` };
  return { canonical: `{site}/${translated.pattern.replace(/^\/+/, '')}` };
}
