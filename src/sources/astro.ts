import { cleanRelative, firstExisting, siteUrlOrUndefined, jsStringValue, readSiteText } from './site-files.js';
import type { PagePath, SiteSource } from './types.js';

const CONFIG_FILES = ['astro.config.mjs', 'astro.config.ts', 'astro.config.js', 'astro.config.mts', 'astro.config.cjs'];
const CONTENT_CONFIGS = ['src/content.config.ts', 'src/content.config.mjs', 'src/content.config.js', 'src/content/config.ts', 'src/content/config.mjs', 'src/content/config.js'];
const ROUTE_FILES = ['[...slug].astro', '[slug].astro', '[...id].astro', '[id].astro'];

const NOT_POSTS: Record<string, string> = {
  dist: "Astro's build output, not a source post",
  public: 'a static file Astro copies as it is, not a post',
  '.astro': "Astro's generated types, not a post",
};

export const astroSource: SiteSource = {
  id: 'astro',
  name: 'Astro',
  markers: CONFIG_FILES,
  liquid: false,
  buildsImages: true,

  async readSettings(root) {
    const configFile = await firstExisting(root, CONFIG_FILES);
    const configText = configFile ? ((await readSiteText(root, configFile)) ?? '') : '';
    const postsDir = (await collectionBase(root)) ?? (await firstExisting(root, ['blog', 'posts', 'post'].map((name) => `src/content/${name}`))) ?? 'src/content';
    const route = await postRoute(root);
    return {
      url: siteUrlOrUndefined(jsStringValue(configText, ['site'])),
      // An entry's id is its path inside the collection folder, so {path} counts from there.
      contentDir: postsDir,
      postsDir,
      ...(route === undefined
        ? { canonicalNote: 'no src/pages/<folder>/[...slug].astro route was found to tell where posts are served; set site.canonical by hand' }
        : { canonical: `{site}/${route.folder ? `${route.folder}/` : ''}${route.catchAll ? '{path}/' : ''}{slug}/` }),
    };
  },

  skipReason(page: PagePath, named) {
    const [top = ''] = page.relative.split('/');
    if (NOT_POSTS[top]) return NOT_POSTS[top];
    if (!page.inContentDir && !named) return 'outside the content collections, so not a post';
    return undefined;
  },
};

/** The folder a content collection's glob loader reads (`base: "./src/data/blog"`), from the content config's text. */
async function collectionBase(root: string): Promise<string | undefined> {
  const configFile = await firstExisting(root, CONTENT_CONFIGS);
  const text = configFile ? await readSiteText(root, configFile) : undefined;
  const base = text === undefined ? undefined : jsStringValue(text, ['base']);
  return base ? cleanRelative(base) : undefined;
}

/** The pages folder that serves posts: src/pages/blog/[...slug].astro serves /blog/<id>/, a rest parameter with the id's folders. */
async function postRoute(root: string): Promise<{ folder: string; catchAll: boolean } | undefined> {
  for (const folder of ['blog', 'posts', 'post', 'articles', '']) {
    const found = await firstExisting(root, ROUTE_FILES.map((file) => `src/pages/${folder ? `${folder}/` : ''}${file}`));
    if (found) return { folder, catchAll: found.includes('[...') };
  }
  return undefined;
}
