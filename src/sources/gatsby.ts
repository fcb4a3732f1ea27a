import { cleanRelative, firstExisting, siteUrlOrUndefined, jsStringValue, readSiteText } from './site-files.js';
import type { PagePath, SiteSource } from './types.js';

const CONFIG_FILES = ['gatsby-config.js', 'gatsby-config.ts', 'gatsby-config.mjs'];

const NOT_POSTS: Record<string, string> = {
  public: "Gatsby's build output, not a source post",
  '.cache': "Gatsby's cache, not a post",
  static: 'a static file Gatsby copies as it is, not a post',
};

export const gatsbySource: SiteSource = {
  id: 'gatsby',
  name: 'Gatsby',
  markers: CONFIG_FILES,
  liquid: false,
  buildsImages: true,

  async readSettings(root) {
    const configFile = await firstExisting(root, CONFIG_FILES);
    const text = configFile ? ((await readSiteText(root, configFile)) ?? '') : '';
    const postsDir = sourceFolder(text) ?? (await firstExisting(root, ['content/blog', 'content/posts', 'content', 'src/posts'])) ?? 'content/blog';
    return {
      url: siteUrlOrUndefined(jsStringValue(text, ['siteUrl'])),
      contentDir: postsDir,
      postsDir,
      // The starters' createFilePath: the file's path inside the source folder, as it is, with a trailing slash.
      canonical: '{site}/{path}/{name}/',
    };
  },

  skipReason(page: PagePath, named) {
    const [top = ''] = page.relative.split('/');
    if (NOT_POSTS[top]) return NOT_POSTS[top];
    if (!page.inContentDir && !named) return "outside the folder gatsby-source-filesystem reads posts from, so not a post";
    return undefined;
  },
};

/** The gatsby-source-filesystem folder holding posts: `path: \`${__dirname}/content/blog\`` (the first one named blog or posts, else the first). */
function sourceFolder(text: string): string | undefined {
  const folders = [...text.matchAll(/path\s*:\s*[`'"](?:\$\{__dirname\}\/)?(?:\.\/)?([^`'"$]+)[`'"]/g)].map((match) => cleanRelative(match[1]!));
  return folders.find((folder) => /blog|post/i.test(folder)) ?? folders[0];
}
