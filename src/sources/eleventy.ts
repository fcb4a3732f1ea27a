import { cleanRelative, firstExisting, siteUrlOrUndefined, jsStringValue, readDataFile, readSiteText } from './site-files.js';
import type { PagePath, SiteSource } from './types.js';

const CONFIG_FILES = ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', 'eleventy.config.ts', '.eleventy.js', '.eleventy.cjs'];

/** Eleventy's own folders, inside the input folder. */
const NOT_POSTS: Record<string, string> = {
  _includes: 'an Eleventy include or layout, not a post',
  _data: 'an Eleventy data file, not a post',
  _site: "Eleventy's build output, not a source post",
};

/** Template expressions of an Eleventy permalink that xpost can fill (11ty.dev, "Permalinks" and "page" data). */
const TEMPLATE_VALUES: Array<[RegExp, string]> = [
  [/\{\{\s*page\.fileSlug\s*\}\}/g, '{slug}'],
  [/\{\{\s*page\.filePathStem\s*\}\}/g, '/{path}/{slug}'],
  [/\{\{\s*title\s*\|\s*(?:slugify|slug)\s*\}\}/g, '{title}'],
  [/\{\{\s*page\.date\s*\|\s*date\s*:\s*["']%Y["']\s*\}\}/g, '{year}'],
];

export const eleventySource: SiteSource = {
  id: 'eleventy',
  name: 'Eleventy',
  markers: CONFIG_FILES,
  // Markdown goes through Liquid by default (markdownTemplateEngine), or Nunjucks, which has the same {{ }} and {% %}.
  liquid: true,
  buildsImages: false,

  async readSettings(root) {
    const configFile = await firstExisting(root, CONFIG_FILES);
    const configText = configFile ? ((await readSiteText(root, configFile)) ?? '') : '';
    const input = cleanRelative(jsStringValue(configText, ['input']) ?? '');
    const inside = (folder: string) => (input ? `${input}/${folder}` : folder);
    const dataDir = inside(cleanRelative(jsStringValue(configText, ['data']) ?? '_data'));
    const postsFolder = await firstExisting(root, ['blog', 'posts', 'post', 'articles'].map(inside));
    return {
      url: await siteUrl(root, dataDir),
      contentDir: input,
      postsDir: postsFolder ?? input,
      // Eleventy's default address is the file's path in the input folder, its name unchanged.
      canonical: '{site}/{path}/{name}/',
    };
  },

  skipReason(page: PagePath, named) {
    const special = page.relative.split('/').find((folder) => NOT_POSTS[folder]);
    if (special) return NOT_POSTS[special];
    if (!page.inContentDir && !named) return "outside Eleventy's input folder, so not a page of the site";
    if (page.folders.length === 0 && !named) return "a page at the top of Eleventy's input folder, not a post";
    return undefined;
  },

  permalinkPattern(value) {
    if (value === false) return { pattern: false };
    let pattern = value;
    for (const [expression, placeholder] of TEMPLATE_VALUES) pattern = pattern.replace(expression, placeholder);
    if (/\{\{|\{%/.test(pattern)) return { note: `the permalink "${value}" is a template xpost cannot fill; the site pattern is used` };
    // "blog/post/index.html" and "blog/post/" are the same page.
    return { pattern: `/${pattern.replace(/^\/+/, '').replace(/index\.html$/, '')}` };
  },
};

/** The site URL from the data file the Eleventy starters keep it in (_data/metadata.js or site.json), read as text. */
async function siteUrl(root: string, dataDir: string): Promise<string | undefined> {
  for (const name of ['metadata', 'site']) {
    const json = await readDataFile(root, `${dataDir}/${name}.json`);
    const fromJson = siteUrlOrUndefined(json?.url);
    if (fromJson) return fromJson;
    for (const ext of ['js', 'mjs', 'cjs']) {
      const text = await readSiteText(root, `${dataDir}/${name}.${ext}`);
      const fromJs = text === undefined ? undefined : siteUrlOrUndefined(jsStringValue(text, ['url']));
      if (fromJs) return fromJs;
    }
  }
  return undefined;
}
