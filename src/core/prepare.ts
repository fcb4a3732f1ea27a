import { platformSettings } from '../config/runtime.js';
import { XpostError, toXpostError } from '../errors/xpost-error.js';
import type { AccountFacts, Env, PlatformAdapter, PlatformSettings, PreparedRequest, RenderedPost, ThreadAdapter } from '../platforms/types.js';
import { contentHash } from './fingerprint.js';
import { frontMatterSkipReason, type Post } from './load-post.js';
import { renderForPlatform, type RenderSetup } from './render.js';
import { threadKit } from './thread-kit.js';

/** One post made ready for one platform, without network: what would be sent and its hash. */
export type PreparedPost =
  | { kind: 'ready'; rendered: RenderedPost; prepared: PreparedRequest<unknown>; hash: string }
  | { kind: 'skip'; rendered: RenderedPost; reason: string };

/** A thread's request: one body per part, in order. */
export interface ThreadPayload {
  parts: unknown[];
}

/**
 * render → skip check → prepare → hash. Throws an XpostError that names the post (and platform for payload limits).
 * A thread is cut to the limit the account's facts give (a Mastodon instance's own), so load the thread kit first.
 */
export function preparePost(post: Post, adapter: PlatformAdapter, setup: RenderSetup, env: Env, account: AccountFacts = {}): PreparedPost {
  try {
    const rendered = renderForPlatform(post, adapter.id, setup);
    const reason = frontMatterSkipReason(post, adapter.id) ?? adapter.skipReason?.(rendered);
    if (reason) return { kind: 'skip', rendered, reason };
    const settings = platformSettings(adapter.id, env, setup.config);
    const prepared = adapter.shape === 'thread' ? prepareThread(rendered, adapter, settings, account) : adapter.prepare(rendered, settings, env);
    return { kind: 'ready', rendered, prepared, hash: contentHash(prepared.fingerprint) };
  } catch (error) {
    const problem = toXpostError(error);
    // Template and content problems already name their file; payload limits need the post and platform.
    const message = problem.code === 'PAYLOAD_INVALID' ? `${post.displayPath} (${adapter.name}): ${problem.message}` : problem.message;
    throw new XpostError(problem.code, message, { hint: problem.hint, file: post.displayPath });
  }
}

/** The template's parts cut to fit as the platform counts, then each made into its request by the adapter. */
function prepareThread(rendered: RenderedPost, adapter: ThreadAdapter, settings: PlatformSettings, account: AccountFacts): PreparedRequest<ThreadPayload> {
  const kit = threadKit();
  const fit = adapter.fitThread(kit, account);
  const texts = kit.splitThread(rendered.parts ?? [rendered.body], { maxLength: fit.maxLength, measure: fit.measure, maxBytes: fit.maxBytes });
  if (texts.length === 0) throw new XpostError('TEMPLATE_INVALID', `the ${adapter.name} template gave an empty thread`, { hint: `Check ${adapter.template}.` });
  const prepared = texts.map((text, index) => adapter.thread.preparePart(text, { index, total: texts.length, post: rendered, settings, kit }));
  return {
    payload: { parts: prepared.map((part) => part.payload) },
    fingerprint: { parts: prepared.map((part) => part.fingerprint) },
    notes: [],
    endpoint: adapter.thread.endpoint,
    parts: texts.map((text) => ({
      text,
      length: fit.measure(text),
      maxLength: fit.maxLength,
      unit: fit.unit,
      ...(fit.maxBytes === undefined ? {} : { bytes: kit.utf8Length(text), maxBytes: fit.maxBytes }),
    })),
  };
}

/** Adds a problem unless the same one is already listed (a template error repeats for every platform). */
export function addProblem(problems: XpostError[], error: unknown): void {
  const problem = toXpostError(error);
  if (!problems.some((known) => known.message === problem.message)) problems.push(problem);
}
