import type { PagePath } from './types.js';

/** `YYYY-MM-DD-slug` as Jekyll, Eleventy and Hugo's :filename date read it. */
const DATED_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;
/** A page bundle's file: the post takes its folder's name (Hugo leaf bundles, Gatsby and Astro folders). */
const BUNDLE_INDEX = /^index\.(md|markdown|mdx)$/i;
const POST_EXTENSION = /\.(md|markdown|mdx)$/i;

/**
 * A post file's place in its site: `relative` to the site root, and the content folder posts are
 * counted from ('' is the root). A bundle `<name>/index.md` is named by its folder.
 */
export function pagePath(relative: string, contentDir: string): PagePath & { bundle: boolean; datePrefix: string | undefined } {
  const parts = relative.split('/');
  const fileName = parts.pop() ?? relative;
  const contentParts = contentDir ? contentDir.split('/') : [];
  const inContentDir = parts.length >= contentParts.length && contentParts.every((part, index) => parts[index] === part);
  const folders = inContentDir ? parts.slice(contentParts.length) : parts;
  // index.md directly in the content folder is the site's home page, not a bundle named after that folder.
  const bundle = BUNDLE_INDEX.test(fileName) && folders.length > 0;
  const name = bundle ? folders.pop()! : fileName.replace(POST_EXTENSION, '');
  const dated = DATED_NAME.exec(name);
  return { relative, inContentDir, folders, name, baseSlug: dated ? dated[2]! : name, bundle, datePrefix: dated?.[1] };
}
