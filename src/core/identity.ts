import path from 'node:path';
import type { Post } from './load-post.js';

/**
 * The key a post is recorded under: its canonical URL, else its slug, else its path relative to the
 * state file. A canonical URL or slug survives moving the file, so a move never re-publishes.
 */
export function postIdentity(post: Post, canonicalUrl: string | undefined, stateBaseDir: string): string {
  if (canonicalUrl) return canonicalUrl;
  if (post.frontMatter.slug) return `slug:${post.frontMatter.slug}`;
  return path.relative(stateBaseDir, post.file).split(path.sep).join('/');
}
