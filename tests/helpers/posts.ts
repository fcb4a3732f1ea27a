import type { Post, PostSite } from '../../src/core/load-post.js';

/** A plain-folder post's place in its "site", for tests that build Post values by hand. */
export const PLAIN_SITE: PostSite = {
  generator: 'plain',
  root: '/',
  slug: 'post',
  slugFrom: 'file name',
  name: 'post',
  folders: [],
  categories: [],
  permalink: undefined,
  liquid: false,
  mdx: false,
  format: 'yaml',
  bundle: false,
  generatorSettings: {},
};

/** A Post as loading makes it, from the fields a test cares about. */
export function testPost(fields: Pick<Post, 'file' | 'displayPath' | 'frontMatter' | 'body' | 'bodyStartLine' | 'source'> & Partial<Post>): Post {
  return { site: PLAIN_SITE, fieldSources: {}, notes: [], references: new Map(), platformsOff: new Set(), ...fields };
}
