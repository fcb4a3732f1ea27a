import path from 'node:path';
import { InputProblems, toXpostError } from '../errors/xpost-error.js';
import type { PlatformId } from '../platforms/registry.js';
import { adapterFor, allAdapters } from '../platforms/registry.js';
import type { PlatformAdapter } from '../platforms/types.js';
import { DEFAULT_STATE_PATH, StateStore } from '../state/state-file.js';
import type { RunContext } from './context.js';
import { describeIdentityChange, resolveIdentities, type ResolvedIdentity } from './identity.js';
import { loadInputs, type SkippedFile } from './inputs.js';
import type { Post } from './load-post.js';
import { preparePost } from './prepare.js';
import { fieldsForPlatform, type RenderSetup } from './render.js';
import { dueDate } from './schedule.js';
import { threadComplete } from './plan.js';
import { setupFingerprint, sourceHash } from './source-hash.js';
import { loadThreadKit } from './thread-kit.js';

/**
 * published: the copy matches the post · changed: edited since it was published · scheduled: not due
 * yet · pending: a create may have happened (run `xpost sync`), or a thread is half-posted (run
 * `xpost publish`) · failed: the last attempt failed ·
 * not-published · skipped: the platform does not take this post · invalid: the post cannot be rendered.
 */
export type CopyStatus = 'published' | 'changed' | 'scheduled' | 'pending' | 'failed' | 'not-published' | 'skipped' | 'invalid';

export interface CopyReport {
  platform: PlatformId;
  status: CopyStatus;
  id: string | null;
  url: string | null;
  dueAt: string | null;
  /** The last error for failed copies, the reason for skipped or invalid ones. */
  detail: string | null;
}

export interface PostReport {
  file: string;
  identity: string;
  title: string;
  copies: CopyReport[];
}

export interface StatusReport {
  posts: PostReport[];
  skipped: SkippedFile[];
}

export interface StatusOptions {
  paths: string[];
  platforms: PlatformId[] | undefined;
  statePath?: string;
  configPath?: string;
}

/** Where every post stands on every platform, from the state file and the posts; no network, no lock. */
export async function collectStatus(options: StatusOptions, ctx: RunContext): Promise<StatusReport> {
  const { posts, skipped, setup, problems, broken } = await loadInputs({ paths: options.paths, configPath: options.configPath }, ctx);
  // A broken post is listed with its problem beside the others; only problems of the whole run stop the report.
  const ofBrokenPosts = new Set(broken.flatMap((entry) => entry.problems));
  const runProblems = problems.filter((problem) => !ofBrokenPosts.has(problem));
  let state: StateStore | undefined;
  try {
    state = await StateStore.load(path.resolve(ctx.cwd, options.statePath ?? DEFAULT_STATE_PATH));
  } catch (error) {
    runProblems.push(toXpostError(error));
  }
  if (runProblems.length > 0 || !state) throw new InputProblems(runProblems);
  const adapters = options.platforms?.map(adapterFor) ?? allAdapters().filter((adapter) => setup.config.platforms?.[adapter.id]?.enabled !== false);
  // Only records from before source hashes are rendered again: status loads the thread tools for those alone.
  if (state.posts().some(([, post]) => adapters.some((adapter) => post.platforms[adapter.id]?.id !== undefined && !post.platforms[adapter.id]?.sourceHash))) {
    await loadThreadKit(adapters);
  }
  const invalid = (detail: string): CopyReport[] => adapters.map((adapter) => ({ platform: adapter.id, status: 'invalid', id: null, url: null, dueAt: null, detail }));
  const context: ReportContext = { adapters, state, setup, ctx, now: ctx.now(), setupHash: setupFingerprint(setup) };
  const resolution = resolveIdentities(posts, setup.config, state);
  const reports = resolution.posts.map((post) => {
    const identity = resolution.identities.get(post);
    if (identity) return reportPost(post, identity, context);
    // A post that cannot be told apart from another is shown with the reason instead of stopping the whole report.
    const reason = resolution.problems.find((problem) => problem.message.includes(post.displayPath))?.message ?? 'identity conflict';
    return { file: post.displayPath, identity: '', title: post.frontMatter.title, copies: invalid(reason) };
  });
  const brokenReports = broken.map((entry) => ({ file: entry.file, identity: '', title: '', copies: invalid(entry.problems.map((problem) => problem.message).join('; ')) }));
  return { posts: [...reports, ...brokenReports].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), skipped };
}

interface ReportContext {
  adapters: PlatformAdapter[];
  state: StateStore;
  setup: RenderSetup;
  ctx: RunContext;
  now: Date;
  setupHash: string;
}

/**
 * "changed" means the post's sources (its file, the config, the templates) differ from those it was
 * published from; publish then updates only the copies whose rendered result differs. A post is
 * rendered only for records that predate source hashes.
 */
function reportPost(post: Post, identity: ResolvedIdentity, { adapters, state, setup, ctx, now, setupHash }: ReportContext): PostReport {
  const source = sourceHash(post, setupHash);
  const note = identity.change ? describeIdentityChange(identity.change) : null;
  const addressMoved = (state.post(identity.previousKey ?? identity.binding.key)?.canonicalUrl ?? undefined) !== identity.binding.canonicalUrl;
  const copies = adapters.map((adapter): CopyReport => {
    const record = state.record(identity.previousKey ?? identity.binding.key, adapter.id);
    const base = { platform: adapter.id, id: record?.id ?? null, url: record?.url ?? null, dueAt: null, detail: null };
    if (record?.thread && !threadComplete(record.thread)) {
      const posted = record.thread.parts.filter((part) => part.id !== undefined).length;
      return { ...base, status: 'pending', detail: `thread half-posted: ${posted} of ${record.thread.total} parts exist; \`xpost publish\` finishes it` };
    }
    if (record?.id) {
      if (note && (record.sourceHash !== source || addressMoved)) return { ...base, status: 'changed', detail: note };
      if (addressMoved) return { ...base, status: 'changed', detail: `its address is now ${identity.binding.canonicalUrl ?? 'none'}` };
      if (record.sourceHash) return { ...base, status: record.sourceHash === source ? 'published' : 'changed' };
      try {
        const ready = preparePost(post, adapter, setup, ctx.env, state.account(adapter.id));
        if (ready.kind === 'skip') return { ...base, status: 'skipped', detail: ready.reason };
        return { ...base, status: record.contentHash === ready.hash ? 'published' : 'changed' };
      } catch (error) {
        return { ...base, status: 'invalid', detail: toXpostError(error).message };
      }
    }
    const skip = adapter.skipReason?.({ platform: adapter.id, ...fieldsForPlatform(post, adapter.id, setup.config), body: '' });
    if (skip) return { ...base, status: 'skipped', detail: skip };
    if (record?.pendingCreate) return { ...base, status: 'pending', detail: 'a create may have reached the platform; run `xpost sync`' };
    if (record?.lastError) return { ...base, status: 'failed', detail: record.lastError.message };
    const due = dueDate(adapter.id, post.frontMatter.date, { config: setup.config.schedule, post: post.frontMatter.schedule, timeZone: setup.config.timezone ?? 'UTC' });
    if (due && due.getTime() > now.getTime()) return { ...base, status: 'scheduled', dueAt: due.toISOString() };
    return { ...base, status: 'not-published' };
  });
  return { file: post.displayPath, identity: identity.binding.key, title: post.frontMatter.title, copies };
}
