import { loadConfig } from '../config/config-file.js';
import { toXpostError, XpostError } from '../errors/xpost-error.js';
import { resolveCanonicalUrl, siteAddressNote } from '../sources/canonical.js';
import { referenceTargets, resolveReferences, type ReferenceContext } from '../sources/references.js';
import { SiteLookup } from '../sources/site-root.js';
import type { RunContext } from './context.js';
import { filesChangedSince, findPostFiles, type PostFileGroup } from './find-posts.js';
import { loadPost, type Post } from './load-post.js';
import type { RenderSetup } from './render.js';

/** A file that was found but is not (yet) something to cross-post. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** A post that cannot be used as it is, with every problem found in it. */
export interface BrokenPost {
  file: string;
  problems: XpostError[];
}

export interface RunInputs {
  posts: Post[];
  skipped: SkippedFile[];
  setup: RenderSetup;
  /** Every problem found, the broken posts' included; the caller decides to stop before sending anything. */
  problems: XpostError[];
  /**
   * The posts that failed to load, one entry per file, so a listing (status) can show them beside
   * the good ones: the problems not in here (config, paths, --changed-since) concern the whole run.
   */
  broken: BrokenPost[];
}

export interface InputSelection {
  /** Files, folders and globs. */
  paths: string[];
  configPath?: string;
  /** Only posts changed since this git ref. */
  changedSince?: string;
}

/**
 * The config file and every post, with all their problems gathered rather than stopping at the
 * first. A file found in a folder or glob that is not a post (no front matter, no body, a section
 * page, a generator's template) or a draft is skipped with its reason; a file named on its own is
 * expected to be a post, so its problems are errors. A folder or glob in which nothing is a post is
 * a problem too: it would otherwise be a green run that published nothing.
 */
export async function loadInputs(selection: InputSelection, ctx: Pick<RunContext, 'cwd'>): Promise<RunInputs> {
  const problems: XpostError[] = [];
  let setup: RenderSetup = { config: {}, configDir: ctx.cwd, cwd: ctx.cwd };
  let configLoaded = true;
  try {
    const loaded = await loadConfig(ctx.cwd, selection.configPath);
    setup = { config: loaded.config, configDir: loaded.baseDir, cwd: ctx.cwd };
  } catch (error) {
    problems.push(toXpostError(error));
    configLoaded = false;
  }

  const found = await findPostFiles(selection.paths, ctx.cwd);
  problems.push(...found.problems);
  let files = found.files;
  const changedSince = comparableRef(selection.changedSince);
  if (changedSince) {
    try {
      const changed = await filesChangedSince(changedSince, ctx.cwd);
      files = files.filter((file) => changed.has(file));
    } catch (error) {
      problems.push(toXpostError(error));
    }
  }

  const posts: Post[] = [];
  const skipped: SkippedFile[] = [];
  const broken: BrokenPost[] = [];
  /** Files that are posts, whether sent, drafts or broken: a folder with none of them is a mistake. */
  const postLike = new Set<string>();
  const sites = new SiteLookup(ctx.cwd);
  const results = await mapConcurrently(files, LOAD_CONCURRENCY, (file) => loadPost(file, ctx.cwd, { sites, frontMatterMap: setup.config.front_matter, named: found.named.has(file), foundIn: found.foundIn.get(file) }));
  for (const [index, file] of files.entries()) {
    const named = found.named.has(file);
    const loaded = results[index]!;
    if (!loaded.ok) {
      if (loaded.skip) skipped.push({ file, reason: loaded.skip });
      else if (loaded.notAPost && !named) skipped.push({ file, reason: loaded.notAPost });
      else {
        postLike.add(file);
        broken.push({ file, problems: loaded.problems });
      }
      continue;
    }
    postLike.add(file);
    const { frontMatter } = loaded.post;
    if (frontMatter.draft) skipped.push({ file, reason: 'draft: true in the front matter' });
    else if (frontMatter.published === false && setup.config.posts?.skip_unpublished) skipped.push({ file, reason: 'published: false (posts.skip_unpublished in the config)' });
    else posts.push(loaded.post);
  }

  // The canonical URL is checked here, with the config, so a pattern needing a date the post lacks stops the run before anything is rendered.
  const usable = configLoaded ? posts.filter((post) => canonicalChecked(post, setup, broken)) : posts;
  const loadOther = async (file: string) => {
    const other = await loadPost(file, ctx.cwd, { sites, frontMatterMap: setup.config.front_matter, named: true });
    return other.ok ? other.post : undefined;
  };
  await linkReferences(usable, { sites, config: setup.config, loadOther });
  for (const entry of broken) problems.push(...entry.problems);
  if (!changedSince) problems.push(...foldersWithoutPosts(found.groups, postLike, skipped));
  // MDX's parser is loaded only when a post needs it; rendering is synchronous, so it is loaded here.
  if (usable.some((post) => post.site.mdx)) await (await import('./body-parse.js')).loadMdxSyntax();
  return { posts: usable, skipped, setup, problems, broken };
}

/**
 * An all-zero SHA is what GitHub gives as a push's `before` for a new branch: there is nothing to
 * compare with, so every post counts (the state makes the unchanged ones a no-op).
 */
function comparableRef(ref: string | undefined): string | undefined {
  return ref !== undefined && /^(0{40}|0{64})$/.test(ref.trim()) ? undefined : ref;
}

/** Posts read at once: enough to keep the file system busy, few enough to keep memory flat. */
const LOAD_CONCURRENCY = 16;

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Resolves `ref`/`post_url` links to the other posts' canonical URLs, for the posts that have any. */
async function linkReferences(posts: Post[], context: ReferenceContext): Promise<void> {
  for (const post of posts) {
    if (referenceTargets(post.body).length > 0) post.references = await resolveReferences(post, context);
  }
}

function canonicalChecked(post: Post, setup: RenderSetup, broken: BrokenPost[]): boolean {
  const resolved = resolveCanonicalUrl(post, setup.config);
  if (!('problem' in resolved)) {
    const note = siteAddressNote(post, setup.config, resolved);
    if (note) post.notes.push(note);
    return true;
  }
  broken.push({ file: post.displayPath, problems: [resolved.problem] });
  return false;
}

function foldersWithoutPosts(groups: PostFileGroup[], postLike: Set<string>, skipped: SkippedFile[]): XpostError[] {
  return groups
    .filter((group) => group.files.length > 0 && !group.files.some((file) => postLike.has(file)))
    .map((group) => {
      const reasons = skipped.filter((entry) => group.files.includes(entry.file)).slice(0, 3);
      const examples = reasons.map((entry) => `${entry.file}: ${entry.reason}`).join('; ');
      return new XpostError('FILE_NOT_FOUND', `${group.input}: no post among its ${group.files.length} Markdown file${group.files.length === 1 ? '' : 's'} (${examples})`, {
        hint: 'Point xpost at the folder your posts are in (e.g. content/posts or _posts); posts need front matter with a title and a body.',
      });
    });
}
