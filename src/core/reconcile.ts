import path from 'node:path';
import type { XpostConfig } from '../config/config-schema.js';
import { lockTuning, platformSettings } from '../config/runtime.js';
import { InputProblems, XpostError, toXpostError } from '../errors/xpost-error.js';
import type { PlatformId } from '../platforms/registry.js';
import { adapterFor } from '../platforms/registry.js';
import { withLockedState } from '../state/locked-state.js';
import { DEFAULT_STATE_PATH, type StateStore } from '../state/state-file.js';
import type { RunContext } from './context.js';
import { missingCredentials } from './credentials.js';
import { resolveIdentities, type ResolvedIdentity } from './identity.js';
import { loadInputs } from './inputs.js';
import type { Post } from './load-post.js';
import { addProblem, preparePost } from './prepare.js';
import { openSessions } from './sessions.js';
import { setupFingerprint, sourceHash } from './source-hash.js';
import { loadThreadKit } from './thread-kit.js';

/** recorded: already in the state · adopted: found on the platform and recorded · not-found · unknown: the platform cannot be searched. */
export type SyncStatus = 'recorded' | 'adopted' | 'not-found' | 'unknown' | 'failed';

export interface SyncResult {
  file: string;
  platform: PlatformId;
  status: SyncStatus;
  id: string | null;
  url: string | null;
  message: string | null;
  error: string | null;
}

export interface SyncOptions {
  files: string[];
  platforms: PlatformId[];
  statePath?: string;
  configPath?: string;
}

/** The command that records a copy found by hand, shown wherever xpost cannot search a platform. */
export function markCommand(file: string, platform: PlatformId): string {
  return `xpost state mark ${file} --platform ${platform} --id <id> --url <url>`;
}

/**
 * Looks on each platform for copies the state file does not know (cross-posted before xpost, or
 * created by a run that died before recording) and records them, so the next publish updates
 * them instead of creating duplicates.
 */
export async function syncPosts(options: SyncOptions, ctx: RunContext): Promise<SyncResult[]> {
  const adapters = options.platforms.map(adapterFor);
  const { posts, setup, problems } = await loadInputs({ paths: options.files, configPath: options.configPath }, ctx);
  const searchable = adapters.filter((adapter) => adapter.find);
  problems.push(...missingCredentials(searchable, ctx.env, (adapter) => platformSettings(adapter.id, ctx.env, setup.config)));
  if (problems.length > 0) throw new InputProblems(problems);

  const statePath = path.resolve(ctx.cwd, options.statePath ?? DEFAULT_STATE_PATH);
  return withLockedState(statePath, lockTuning(ctx.env), async (state) => {
    const identities = await bindPosts(posts, setup.config, state);
    const sessions = await openSessions(searchable, state, setup, ctx);
    const results: SyncResult[] = [];
    for (const [post, identity] of identities) {
      for (const adapter of adapters) {
        const base = { file: post.displayPath, platform: adapter.id, id: null, url: null, message: null, error: null };
        const record = state.record(identity.binding.key, adapter.id);
        if (record?.id && !record.pendingCreate) {
          results.push({ ...base, status: 'recorded', id: record.id, url: record.url ?? null });
          continue;
        }
        const session = sessions.get(adapter.id);
        if (!adapter.find || !session) {
          results.push({
            ...base,
            status: 'unknown',
            message: `${adapter.name} cannot be searched: check ${adapter.manageUrl}; if the post is there, run \`${markCommand(post.displayPath, adapter.id)}\``,
          });
          continue;
        }
        try {
          const ready = preparePost(post, adapter, setup, ctx.env);
          const found = await adapter.find(session, ready.rendered);
          if (!found) {
            results.push({ ...base, status: 'not-found', message: `no copy on ${adapter.name}; \`xpost publish\` will create it` });
            continue;
          }
          // The hash of an interrupted create is what that copy holds; an older copy gets none, so the next publish updates it.
          await state.recordCopy(identity.binding, adapter.id, { ...found, contentHash: record?.pendingCreate?.contentHash, sourceHash: undefined, at: ctx.now().toISOString(), created: false });
          results.push({ ...base, status: 'adopted', id: found.id, url: found.url ?? null });
        } catch (error) {
          const failure = toXpostError(error);
          results.push({ ...base, status: 'failed', error: failure.message, message: failure.hint ?? null });
        }
      }
    }
    return results;
  });
}

/** Resolves the posts' identities against the state (problems stop the command) and moves records that follow a moved post. */
async function bindPosts(posts: Post[], config: XpostConfig, state: StateStore): Promise<Map<Post, ResolvedIdentity>> {
  const resolution = resolveIdentities(posts, config, state);
  if (resolution.problems.length > 0) throw new InputProblems(resolution.problems);
  for (const identity of resolution.identities.values()) if (identity.previousKey !== undefined) await state.rebind(identity.previousKey, identity.binding);
  return resolution.identities;
}

export interface MarkOptions {
  file: string;
  platform: PlatformId;
  /** Record this copy; when absent the record is forgotten instead. */
  remote?: { id: string; url: string | undefined };
  statePath?: string;
  configPath?: string;
}

/**
 * `xpost state mark` records a copy the user found by hand, as up to date with the post;
 * `xpost state forget` drops a record so the next publish creates the copy again.
 */
export async function editState(options: MarkOptions, ctx: RunContext): Promise<{ identity: string; changed: boolean }> {
  const { posts, setup, problems } = await loadInputs({ paths: [options.file], configPath: options.configPath }, ctx);
  const post = posts[0];
  if (!post || problems.length > 0) throw new InputProblems(problems);
  const adapter = adapterFor(options.platform);
  await loadThreadKit([adapter]);
  const statePath = path.resolve(ctx.cwd, options.statePath ?? DEFAULT_STATE_PATH);
  return withLockedState(statePath, lockTuning(ctx.env), async (state) => {
    const identity = (await bindPosts([post], setup.config, state)).get(post)!;
    const key = identity.binding.key;
    if (!options.remote) return { identity: key, changed: await state.remove(key, adapter.id) };
    const thread = state.record(key, adapter.id)?.thread;
    const pending = thread?.parts.at(-1);
    if (thread && pending && pending.id === undefined) {
      // A thread part whose outcome was unknown, found by hand: the next publish goes on after it.
      const found = { key: pending.key, id: options.remote.id, ...(options.remote.url ? { url: options.remote.url } : {}) };
      await state.recordThread(identity.binding, adapter.id, { total: thread.total, parts: [...thread.parts.slice(0, -1), found] }, ctx.now().toISOString());
      return { identity: key, changed: true };
    }
    let hash: string | undefined;
    try {
      const ready = preparePost(post, adapter, setup, ctx.env, state.account(adapter.id));
      hash = ready.kind === 'ready' ? ready.hash : undefined;
    } catch (error) {
      const collected: XpostError[] = [];
      addProblem(collected, error);
      throw new InputProblems(collected);
    }
    await state.recordCopy(identity.binding, adapter.id, {
      id: options.remote.id,
      url: options.remote.url,
      contentHash: hash,
      sourceHash: hash ? sourceHash(post, setupFingerprint(setup)) : undefined,
      at: ctx.now().toISOString(),
      created: false,
    });
    return { identity: key, changed: true };
  });
}
