import { astroSource } from './astro.js';
import { eleventySource } from './eleventy.js';
import { gatsbySource } from './gatsby.js';
import { hugoSource } from './hugo.js';
import { jekyllSource } from './jekyll.js';
import { nextjsSource } from './nextjs.js';
import { plainSource } from './plain.js';
import type { SiteSource, SourceId } from './types.js';

/** The single list of site generators, in the order a folder's markers are checked: adding one is a module and one line here. */
const SOURCES: Record<SourceId, SiteSource> = {
  hugo: hugoSource,
  jekyll: jekyllSource,
  eleventy: eleventySource,
  astro: astroSource,
  gatsby: gatsbySource,
  nextjs: nextjsSource,
  plain: plainSource,
};

export function sourceFor(id: SourceId): SiteSource {
  return SOURCES[id];
}

/** Every generator, plain last. */
export function allSources(): SiteSource[] {
  return Object.values(SOURCES);
}
