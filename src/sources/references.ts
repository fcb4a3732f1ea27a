import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { XpostConfig } from '../config/config-schema.js';
import type { Post } from '../core/load-post.js';
import { canonicalUrlOf } from './canonical.js';
import type { SiteLookup } from './site-root.js';

/**
 * Links to other posts written in the generator's own syntax: Hugo's `ref`/`relref` shortcodes and
 * Jekyll's `post_url`/`link` tags. Only their targets are read here (the body converter rewrites the
 * constructs); each target is resolved to the other post's canonical URL before rendering.
 */
const REFERENCE = /\{\{[<%]-?\s*(?:ref|relref)\s+(?:path=)?(?:"([^"]*)"|'([^']*)'|([^\s>%]+))[^}]*?[>%]\}\}|\{%-?\s*(post_url|link)\s+(\S+?)\s*-?%\}/g;
const POST_EXTENSIONS = ['.md', '.markdown', '.mdx'];

/** The reference targets in a body, without their #fragments. */
export function referenceTargets(body: string): Array<{ target: string; kind: 'hugo' | 'post_url' | 'link' }> {
  const targets: Array<{ target: string; kind: 'hugo' | 'post_url' | 'link' }> = [];
  for (const match of body.matchAll(REFERENCE)) {
    const liquidKind = match[4] as 'post_url' | 'link' | undefined;
    const raw = liquidKind ? match[5] : (match[1] ?? match[2] ?? match[3]);
    const target = (raw ?? '').split('#', 1)[0] ?? '';
    if (target !== '' && !/^[a-z][a-z\d+.-]*:/i.test(target)) targets.push({ target, kind: liquidKind ?? 'hugo' });
  }
  return targets;
}

export interface ReferenceContext {
  sites: SiteLookup;
  config: XpostConfig;
  /** Loads another post of the site (it may be outside this run's selection). */
  loadOther(file: string): Promise<Post | undefined>;
}

/**
 * The canonical URL of every post this one links to with the generator's syntax, keyed by the
 * target as written; a target xpost cannot find is left out, and the body converter reports it.
 */
export async function resolveReferences(post: Post, context: ReferenceContext): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  for (const { target, kind } of referenceTargets(post.body)) {
    if (resolved.has(target)) continue;
    const file = await findReferencedFile(post, target, kind, context.sites);
    const other = file === undefined ? undefined : file === post.file ? post : await context.loadOther(file);
    const url = other ? safeCanonical(other, context.config) : undefined;
    if (url) resolved.set(target, url);
  }
  return resolved;
}

function safeCanonical(post: Post, config: XpostConfig): string | undefined {
  try {
    return canonicalUrlOf(post, config);
  } catch {
    return undefined;
  }
}

async function findReferencedFile(post: Post, target: string, kind: 'hugo' | 'post_url' | 'link', sites: SiteLookup): Promise<string | undefined> {
  const { root, settings } = await sites.siteOf(post.file);
  const contentRoot = path.join(root, settings.contentDir);
  const clean = target.replace(/\/+$/, '');
  if (kind === 'link') return existingPost(path.join(root, clean.replace(/^\/+/, '')));
  if (kind === 'post_url') {
    // `{% post_url 2010-07-21-name %}` names a file in _posts (or a category folder's _posts) without its extension.
    const name = path.basename(clean);
    return findByName(root, (file) => file.split(path.sep).includes('_posts') && POST_EXTENSIONS.some((extension) => path.basename(file) === `${name}${extension}`));
  }
  // Hugo: a path from the content folder ("/posts/x.md"), relative to the page ("../x"), or a bare name.
  const candidates = clean.startsWith('/') ? [path.join(contentRoot, clean)] : [path.resolve(path.dirname(post.file), clean), path.join(contentRoot, clean)];
  for (const candidate of candidates) {
    const found = await existingPost(candidate);
    if (found) return found;
  }
  if (clean.includes('/')) return undefined;
  const name = clean.replace(/\.(md|markdown|mdx)$/i, '');
  return findByName(contentRoot, (file) => {
    const base = path.basename(file).replace(/\.(md|markdown|mdx)$/i, '');
    return base === name || (/^_?index$/.test(base) && path.basename(path.dirname(file)) === name);
  });
}

/** The post a path names: the file itself, the path with a Markdown extension, or a bundle's index. */
async function existingPost(candidate: string): Promise<string | undefined> {
  const options = [candidate, ...POST_EXTENSIONS.map((extension) => `${candidate}${extension}`), ...POST_EXTENSIONS.map((extension) => path.join(candidate, `index${extension}`))];
  for (const option of options) {
    const info = await stat(option).catch(() => undefined);
    if (info?.isFile() && POST_EXTENSIONS.includes(path.extname(option).toLowerCase())) return option;
  }
  return undefined;
}

async function findByName(dir: string, matches: (file: string) => boolean): Promise<string | undefined> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const hit = entries.find((entry) => entry.isFile() && !entry.parentPath.split(path.sep).includes('node_modules') && matches(path.join(entry.parentPath, entry.name)));
  return hit ? path.join(hit.parentPath, hit.name) : undefined;
}
