import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { sourceFor } from './registry.js';
import { SiteLookup } from './site-root.js';
import type { SourceId } from './types.js';

/** What `xpost init` needs to know about the repository it runs in. */
export interface DetectedSite {
  generator: SourceId;
  /** Display name, e.g. "Hugo". */
  name: string;
  /** The site root relative to cwd, '/' separated ('' when it is cwd itself). */
  root: string;
  /** Folder of the posts relative to cwd: the workflow's paths filter. */
  postsDir: string;
  /** The posts glob relative to cwd, e.g. "content/posts/**\/*.{md,markdown,mdx}". */
  postsGlob: string;
  /** `site.url` when the generator's config states it. */
  siteUrl: string | undefined;
  /** The `site.canonical` pattern matching the generator's permalink rule, when there is one. */
  canonical: string | undefined;
  /** Why there is no canonical pattern, for init to say. */
  canonicalNote: string | undefined;
  /** The generator runs Liquid over post bodies. */
  liquid: boolean;
}

/** Folders never searched for a site below the working directory. */
const NOT_SITES = new Set(['node_modules', 'vendor', 'dist', 'build', 'public', '_site', 'themes']);

/**
 * The site generator of the repository at `cwd`: a site root in cwd itself, else in exactly one
 * folder directly below it (a blog kept in `site/` or `blog/`), else a plain folder of Markdown.
 */
export async function detectSite(cwd: string): Promise<DetectedSite> {
  const lookup = new SiteLookup(cwd);
  const here = await lookup.sourceAt(cwd);
  if (here) return describe(cwd, cwd, here.id);
  const below: Array<{ dir: string; id: SourceId }> = [];
  for (const entry of await readdir(cwd, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || NOT_SITES.has(entry.name)) continue;
    const dir = path.join(cwd, entry.name);
    const source = await lookup.sourceAt(dir);
    if (source) below.push({ dir, id: source.id });
  }
  const [only] = below;
  if (only && below.length === 1) return describe(cwd, only.dir, only.id);
  return describe(cwd, cwd, 'plain');
}

async function describe(cwd: string, root: string, id: SourceId): Promise<DetectedSite> {
  const source = sourceFor(id);
  const settings = await source.readSettings(root);
  const relativeRoot = path.relative(cwd, root).split(path.sep).join('/');
  const postsDir = [relativeRoot, settings.postsDir].filter(Boolean).join('/') || '.';
  return {
    generator: id,
    name: source.name,
    root: relativeRoot,
    postsDir,
    postsGlob: `${postsDir === '.' ? '' : `${postsDir}/`}**/*.{md,markdown,mdx}`,
    siteUrl: settings.url,
    canonical: settings.canonical,
    canonicalNote: settings.canonicalNote,
    liquid: source.liquid,
  };
}
