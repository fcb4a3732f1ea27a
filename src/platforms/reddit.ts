import { linkEmbed } from '../core/embeds.js';
import type { RenderTarget } from './types.js';

/** A Reddit submission: a title and a Markdown body ending with the canonical link, rendered for pasting. */
export const redditTarget: RenderTarget<'reddit'> = {
  id: 'reddit',
  name: 'Reddit',
  template: 'reddit.md.hbs',
  body: { format: 'markdown', style: { embed: linkEmbed, tables: 'keep' } },
  shape: 'article',
};
