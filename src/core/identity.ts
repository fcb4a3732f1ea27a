import type { XpostConfig } from '../config/config-schema.js';
import type { StateStore } from '../state/state-file.js';
import type { Post } from './load-post.js';
import { canonicalUrlOf } from '../sources/canonical.js';

/**
 * The key a post is recorded under: its canonical URL (its own, or from the config's pattern), else
 * its slug, else its path relative to the state file. A canonical URL or slug survives moving the
 * file, so a move never re-publishes.
 */
export function postIdentity(post: Post, config: XpostConfig, state: Pick<StateStore, 'relativePath'>): string {
  const canonicalUrl = canonicalUrlOf(post, config);
  if (canonicalUrl) return canonicalUrl;
  if (post.frontMatter.slug) return `slug:${post.frontMatter.slug}`;
  return state.relativePath(post.file);
}
