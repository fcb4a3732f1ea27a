import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { destinationRanges } from '../core/body-parse.js';
import type { Post } from '../core/load-post.js';
import { sourceFor } from './registry.js';

const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;
/** A cover climbing out of the post's folder is not sent at all; render says so in its own note. */
const CLIMBING = /^(?:\.\/)*\.\.\//;

/**
 * The dry-run note for a post whose generator builds its relative images to addresses of its own
 * (Astro, Gatsby): they are sent as files beside the post's page, which the site may not serve.
 * `body` is the analysed body: its tree and the text its destinations were written in.
 */
export function builtImagesNote(post: Post, body: { tree: Root; text: string }, baseUrl: string | undefined): string | undefined {
  const source = sourceFor(post.site.generator);
  if (!source.buildsImages || baseUrl === undefined) return undefined;
  const cover = post.frontMatter.cover_image;
  const written = cover && isRelativePath(cover) && !CLIMBING.test(cover) ? [cover] : [];
  visit(body.tree, 'image', (node) => {
    const range = destinationRanges.get(node);
    const url = range ? body.text.slice(range.start, range.end) : undefined;
    if (url !== undefined && isRelativePath(url)) written.push(url);
  });
  const [first] = written;
  if (first === undefined) return undefined;
  const list = [...new Set(written)].map((url) => `"${url}"`).join(', ');
  return `${source.name} builds a post's images to addresses xpost cannot know: ${list} sent as files beside the post's page (${new URL(first, baseUrl).href}), which the site may not serve; give images full URLs to be sure`;
}

/** `./cover.png`, `diagram.png`, `../assets/x.png`: not a site path, a URL, a fragment or a data: image. */
function isRelativePath(url: string): boolean {
  const trimmed = url.trim();
  return trimmed !== '' && !trimmed.startsWith('/') && !trimmed.startsWith('#') && !HAS_SCHEME.test(trimmed);
}
