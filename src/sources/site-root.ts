import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { allSources, sourceFor } from './registry.js';
import { pathExists, readSiteText } from './site-files.js';
import type { SiteSettings, SiteSource } from './types.js';

/** The generator a post follows, the root of its site (undefined for a plain folder) and what the generator's config says. */
export interface SiteMatch {
  source: SiteSource;
  root: string;
  settings: SiteSettings;
}

/**
 * Finds each post's site by walking up from its folder to the nearest site root, never above the
 * working directory's git root (or the working directory outside git). Folder listings and each
 * site's settings are read once per run.
 */
export class SiteLookup {
  private readonly listings = new Map<string, Promise<Set<string>>>();
  private readonly roots = new Map<string, Promise<SiteSource | undefined>>();
  private readonly settings = new Map<string, Promise<SiteSettings>>();
  private boundary: Promise<string> | undefined;

  constructor(private readonly cwd: string) {}

  async siteOf(file: string): Promise<SiteMatch> {
    const top = await (this.boundary ??= gitRootOf(this.cwd));
    for (let dir = path.dirname(file); isInside(dir, top); dir = path.dirname(dir)) {
      const source = await this.sourceAt(dir);
      if (source) return { source, root: dir, settings: await this.settingsOf(source, dir) };
      if (dir === top) break;
    }
    const plain = sourceFor('plain');
    return { source: plain, root: this.cwd, settings: await this.settingsOf(plain, this.cwd) };
  }

  /** The generator whose marker file is in this folder, if any. */
  sourceAt(dir: string): Promise<SiteSource | undefined> {
    let known = this.roots.get(dir);
    if (!known) {
      known = this.findSource(dir);
      this.roots.set(dir, known);
    }
    return known;
  }

  private async findSource(dir: string): Promise<SiteSource | undefined> {
    const names = await this.listing(dir);
    for (const source of allSources()) {
      for (const marker of source.markers) {
        const [first = marker, ...rest] = marker.split('/');
        if (!names.has(first) || (rest.length > 0 && !(await this.listing(path.join(dir, first, ...rest.slice(0, -1)))).has(rest.at(-1)!))) continue;
        if (!source.isOwnMarker) return source;
        const text = await readSiteText(dir, marker);
        if (text !== undefined && source.isOwnMarker(marker, text)) return source;
      }
    }
    return undefined;
  }

  private listing(dir: string): Promise<Set<string>> {
    let known = this.listings.get(dir);
    if (!known) {
      known = readdir(dir).then(
        (names) => new Set(names),
        () => new Set<string>(),
      );
      this.listings.set(dir, known);
    }
    return known;
  }

  private settingsOf(source: SiteSource, root: string): Promise<SiteSettings> {
    const key = `${source.id}\0${root}`;
    let known = this.settings.get(key);
    if (!known) {
      known = source.readSettings(root);
      this.settings.set(key, known);
    }
    return known;
  }
}

/** The nearest folder at or above `cwd` holding `.git` (a folder, or a file in a worktree), else `cwd`. */
export async function gitRootOf(cwd: string): Promise<string> {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (await pathExists(dir, '.git')) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

function isInside(dir: string, top: string): boolean {
  const relative = path.relative(top, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
