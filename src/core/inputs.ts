import { loadConfig } from '../config/config-file.js';
import { toXpostError, type XpostError } from '../errors/xpost-error.js';
import type { RunContext } from './context.js';
import { filesChangedSince, findPostFiles } from './find-posts.js';
import { loadPost, type Post } from './load-post.js';
import type { RenderSetup } from './render.js';

/** A file that was found but is not (yet) something to cross-post. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface RunInputs {
  posts: Post[];
  skipped: SkippedFile[];
  setup: RenderSetup;
  /** Every problem found; the caller decides to stop before sending anything. */
  problems: XpostError[];
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
 * first. A file found in a folder or glob that is no post (no front matter) or a draft is skipped
 * with its reason; a file named on its own is expected to be a post, so its problems are errors.
 */
export async function loadInputs(selection: InputSelection, ctx: Pick<RunContext, 'cwd'>): Promise<RunInputs> {
  const problems: XpostError[] = [];
  let setup: RenderSetup = { config: {}, configDir: ctx.cwd, cwd: ctx.cwd };
  try {
    const loaded = await loadConfig(ctx.cwd, selection.configPath);
    setup = { config: loaded.config, configDir: loaded.baseDir, cwd: ctx.cwd };
  } catch (error) {
    problems.push(toXpostError(error));
  }

  const found = await findPostFiles(selection.paths, ctx.cwd);
  problems.push(...found.problems);
  let files = found.files;
  if (selection.changedSince) {
    try {
      const changed = await filesChangedSince(selection.changedSince, ctx.cwd);
      files = files.filter((file) => changed.has(file));
    } catch (error) {
      problems.push(toXpostError(error));
    }
  }

  const posts: Post[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const loaded = await loadPost(file, ctx.cwd);
    if (!loaded.ok) {
      if (loaded.noFrontMatter && !found.named.has(file)) skipped.push({ file, reason: 'not a post: no front matter' });
      else problems.push(...loaded.problems);
      continue;
    }
    const { frontMatter } = loaded.post;
    if (frontMatter.draft) skipped.push({ file, reason: 'draft: true in the front matter' });
    else if (frontMatter.published === false && setup.config.posts?.skip_unpublished) skipped.push({ file, reason: 'published: false (posts.skip_unpublished in the config)' });
    else posts.push(loaded.post);
  }
  // MDX's parser is loaded only when a post needs it; rendering is synchronous, so it is loaded here.
  if (posts.some((post) => /\.mdx$/i.test(post.file))) await (await import('./body-parse.js')).loadMdxSyntax();
  return { posts, skipped, setup, problems };
}
