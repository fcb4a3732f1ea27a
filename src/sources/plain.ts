import type { PagePath, SiteSource } from './types.js';

/** A folder of Markdown with no site generator around it: slugs from file or folder names, no permalink rule. */
export const plainSource: SiteSource = {
  id: 'plain',
  name: 'a plain folder of Markdown',
  markers: [],
  liquid: false,
  buildsImages: false,

  async readSettings() {
    return { contentDir: '', postsDir: 'posts' };
  },

  skipReason(page: PagePath) {
    return /(^|\/)_index\.[^./]+$/.test(page.relative) ? 'a section page (_index lists a section), not a post' : undefined;
  },
};
