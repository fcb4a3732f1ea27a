import type { RenderTarget } from './types.js';

/** A Reddit submission: a title and a Markdown body ending with the canonical link, rendered for pasting. */
export const redditTarget: RenderTarget<'reddit'> = {
  id: 'reddit',
  name: 'Reddit',
  template: 'reddit.md.hbs',
  bodyFormat: 'markdown',
  shape: 'article',
};
