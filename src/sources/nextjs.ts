import { firstExisting, siteUrlOrUndefined, jsStringValue, readSiteText } from './site-files.js';
import type { PagePath, SiteSource } from './types.js';

const CONFIG_FILES = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'];
/** Where Next.js blogs keep posts: the blog starter's _posts/, tailwind-nextjs-starter-blog's data/blog/, and the usual others. */
const POST_FOLDERS = ['_posts', 'posts', 'content/posts', 'content/blog', 'data/blog', 'src/content/blog', 'src/posts', 'content'];
/** Files that may state the site URL, read as text: the config is never run. */
const METADATA_FILES = ['data/siteMetadata.js', 'data/siteMetadata.mjs', 'data/siteMetadata.ts', 'site.config.js', 'site.config.ts', 'lib/constants.ts', 'lib/constants.js'];

const NOT_POSTS: Record<string, string> = {
  '.next': "Next.js's build output, not a source post",
  out: "Next.js's exported site, not a source post",
  public: 'a static file, not a post',
};

export const nextjsSource: SiteSource = {
  id: 'nextjs',
  name: 'Next.js',
  markers: CONFIG_FILES,
  liquid: false,
  buildsImages: false,

  async readSettings(root) {
    const postsDir = (await firstExisting(root, POST_FOLDERS)) ?? 'posts';
    const configFile = await firstExisting(root, CONFIG_FILES);
    const configText = configFile ? ((await readSiteText(root, configFile)) ?? '') : '';
    const trailingSlash = /trailingSlash\s*:\s*true/.test(configText) ? '/' : '';
    const route = await postRoute(root);
    return {
      url: await siteUrl(root),
      contentDir: postsDir,
      postsDir,
      ...(route === undefined
        ? { canonicalNote: 'no app/<folder>/[slug] or pages/<folder>/[slug] route was found to tell where posts are served; set site.canonical by hand' }
        : { canonical: `{site}/${route.folder}/${route.catchAll ? '{path}/' : ''}{slug}${trailingSlash}` }),
    };
  },

  skipReason(page: PagePath, named) {
    const [top = ''] = page.relative.split('/');
    // Some blogs keep their posts under public/: a file or folder the user names there is a post, one a scan finds is a static file.
    if (NOT_POSTS[top] && !named) return NOT_POSTS[top];
    if (!page.inContentDir && !named) return 'outside the posts folder, so not a post';
    return undefined;
  },
};

/** The route folder of a `[slug]` page in the app or pages router; a `[...slug]` one serves the posts' subfolders too. */
async function postRoute(root: string): Promise<{ folder: string; catchAll: boolean } | undefined> {
  const extensions = ['tsx', 'jsx', 'js', 'ts'];
  for (const folder of ['blog', 'posts', 'post', 'articles']) {
    const appRoutes = ['app', 'src/app'].flatMap((dir) => ['[slug]', '[...slug]'].flatMap((param) => extensions.map((ext) => `${dir}/${folder}/${param}/page.${ext}`)));
    const pageRoutes = ['pages', 'src/pages'].flatMap((dir) => ['[slug]', '[...slug]'].flatMap((param) => extensions.map((ext) => `${dir}/${folder}/${param}.${ext}`)));
    const found = await firstExisting(root, [...appRoutes, ...pageRoutes]);
    if (found) return { folder, catchAll: found.includes('[...') };
  }
  return undefined;
}

async function siteUrl(root: string): Promise<string | undefined> {
  for (const file of METADATA_FILES) {
    const text = await readSiteText(root, file);
    const url = text === undefined ? undefined : siteUrlOrUndefined(jsStringValue(text, ['siteUrl', 'SITE_URL', 'siteURL', 'url']));
    if (url) return url;
  }
  return undefined;
}
