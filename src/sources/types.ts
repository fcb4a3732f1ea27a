/** Site generators xpost knows the conventions of; `plain` is a folder of Markdown. */
export type SourceId = 'hugo' | 'jekyll' | 'eleventy' | 'astro' | 'nextjs' | 'gatsby' | 'plain';

/** What a generator's own configuration says about the site (for `xpost init` and for reading paths). */
export interface SiteSettings {
  /** The public site URL (Hugo baseURL, Jekyll url + baseurl, Astro site, Gatsby siteUrl). */
  url?: string;
  /** The xpost `site.canonical` pattern matching the generator's permalink rule for posts. */
  canonical?: string;
  /** Why no canonical pattern could be given, when the generator's rule has no xpost equivalent. */
  canonicalNote?: string;
  /** Folder {section} and {path} count from, relative to the site root ('' is the root itself). */
  contentDir: string;
  /** Folder the posts live in, relative to the site root: the posts glob and workflow paths for init. */
  postsDir: string;
}

/** A post file's place in its site, as the generator sees it. */
export interface PagePath {
  /** Path relative to the site root, '/' separated. */
  relative: string;
  /** False for a file outside the generator's content folder (a README, a theme's example). */
  inContentDir: boolean;
  /** Folders between the content folder and the post (a bundle's own folder excluded). */
  folders: string[];
  /** The file's name without extension, or a bundle's folder name, as it is (Hugo's content base name). */
  name: string;
  /** `name` without a leading YYYY-MM-DD- date. */
  baseSlug: string;
}

/**
 * One site generator's conventions. Adding a generator is one module implementing this and one
 * line in registry.ts; the core never names a generator.
 */
export interface SiteSource {
  readonly id: SourceId;
  /** Display name, e.g. "Hugo". */
  readonly name: string;
  /** Files (relative to a folder) whose presence makes that folder the site root, most specific first. */
  readonly markers: readonly string[];
  /** A marker other tools share (Hugo's config.toml) must also pass this test on its text. */
  isOwnMarker?(marker: string, text: string): boolean;
  /** The generator runs Liquid (or Nunjucks) over post bodies, so `{% %}` and `{{ }}` in them are template syntax. */
  readonly liquid: boolean;
  /**
   * The generator builds a post's relative images to addresses of its own (Astro's hashed /_astro/…,
   * Gatsby's /static/…) instead of serving them beside the page, so xpost cannot know where they end up.
   */
  readonly buildsImages: boolean;
  /** Reads the generator's config for the site URL, its permalink rule and where posts live. */
  readSettings(root: string): Promise<SiteSettings>;
  /**
   * Why a file is not a post of this site (a section page, a draft folder, a template, a page
   * outside the posts folder), or undefined. `named` is true when the user named the file itself.
   */
  skipReason(page: PagePath, named: boolean): string | undefined;
  /** Front matter quirks of the generator, applied before xpost reads its fields (Jekyll's space-separated tags). */
  adaptFrontMatter?(data: Record<string, unknown>): Record<string, unknown>;
  /** Categories the generator puts in URLs: Jekyll's front matter categories plus the folders above _posts. */
  categoriesOf?(data: Record<string, unknown>, page: PagePath): string[];
  /**
   * The generator's front matter permalink turned into an xpost pattern (a site path or URL that
   * may hold placeholders); `false` when the generator writes no page for the file, `undefined` with
   * a note when the value cannot be read.
   */
  permalinkPattern?(value: string | false): { pattern: string | false } | { note: string };
}
