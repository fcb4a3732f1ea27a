import { loadConfig } from '../config/config-file.js';
import { toXpostError, type XpostError } from '../errors/xpost-error.js';
import type { RunContext } from './context.js';
import { loadPost, type Post } from './load-post.js';
import type { RenderSetup } from './render.js';

export interface RunInputs {
  posts: Post[];
  setup: RenderSetup;
  /** Every problem found; the caller decides to stop before sending anything. */
  problems: XpostError[];
}

/** The config file and every post, with all their problems gathered rather than stopping at the first. */
export async function loadInputs(files: string[], configPath: string | undefined, ctx: Pick<RunContext, 'cwd'>): Promise<RunInputs> {
  const problems: XpostError[] = [];
  let setup: RenderSetup = { config: {}, configDir: ctx.cwd, cwd: ctx.cwd };
  try {
    const loaded = await loadConfig(ctx.cwd, configPath);
    setup = { config: loaded.config, configDir: loaded.baseDir, cwd: ctx.cwd };
  } catch (error) {
    problems.push(toXpostError(error));
  }
  const posts: Post[] = [];
  for (const file of files) {
    const loaded = await loadPost(file, ctx.cwd);
    if (loaded.ok) posts.push(loaded.post);
    else problems.push(...loaded.problems);
  }
  return { posts, setup, problems };
}
