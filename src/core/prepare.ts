import { platformSettings } from '../config/runtime.js';
import { XpostError, toXpostError } from '../errors/xpost-error.js';
import type { Env, PlatformAdapter, PreparedRequest, RenderedPost } from '../platforms/types.js';
import { contentHash } from './fingerprint.js';
import type { Post } from './load-post.js';
import { renderForPlatform, type RenderSetup } from './render.js';

/** One post made ready for one platform, without network: what would be sent and its hash. */
export type PreparedPost =
  | { kind: 'ready'; rendered: RenderedPost; prepared: PreparedRequest<unknown>; hash: string }
  | { kind: 'skip'; rendered: RenderedPost; reason: string };

/** render → skip check → prepare → hash. Throws an XpostError that names the post (and platform for payload limits). */
export function preparePost(post: Post, adapter: PlatformAdapter, setup: RenderSetup, env: Env): PreparedPost {
  try {
    const rendered = renderForPlatform(post, adapter.id, setup);
    const reason = adapter.skipReason?.(rendered);
    if (reason) return { kind: 'skip', rendered, reason };
    const prepared = adapter.prepare(rendered, platformSettings(adapter.id, env, setup.config), env);
    return { kind: 'ready', rendered, prepared, hash: contentHash(prepared.fingerprint) };
  } catch (error) {
    const problem = toXpostError(error);
    // Template and content problems already name their file; payload limits need the post and platform.
    const message = problem.code === 'PAYLOAD_INVALID' ? `${post.displayPath} (${adapter.name}): ${problem.message}` : problem.message;
    throw new XpostError(problem.code, message, { hint: problem.hint, file: post.displayPath });
  }
}

/** Adds a problem unless the same one is already listed (a template error repeats for every platform). */
export function addProblem(problems: XpostError[], error: unknown): void {
  const problem = toXpostError(error);
  if (!problems.some((known) => known.message === problem.message)) problems.push(problem);
}
