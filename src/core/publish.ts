import path from 'node:path';
import { lockTuning, platformSettings } from '../config/runtime.js';
import type { PlatformRecord } from '../config/state-schema.js';
import { InputProblems, XpostError, toXpostError } from '../errors/xpost-error.js';
import type { PlatformId } from '../platforms/registry.js';
import { adapterFor, allAdapters } from '../platforms/registry.js';
import type { PlatformAdapter, PlatformSession, PreparedRequest, RemoteRecord, RenderedPost } from '../platforms/types.js';
import { lockStateFile } from '../state/lock.js';
import { DEFAULT_STATE_PATH, StateStore } from '../state/state-file.js';
import type { PublishResult, ResultAction, RunContext } from './context.js';
import { missingCredentials } from './credentials.js';
import { postIdentity } from './identity.js';
import { loadInputs, type SkippedFile } from './inputs.js';
import { dueDate } from './schedule.js';
import { setupFingerprint, sourceHash } from './source-hash.js';
import type { Post } from './load-post.js';
import { planAction, type PlannedAction } from './plan.js';
import { markCommand } from './reconcile.js';
import { openSessions } from './sessions.js';
import { addProblem, preparePost, type PreparedPost } from './prepare.js';
import type { RenderSetup } from './render.js';

export interface PublishOptions {
  /** Files, folders and globs. */
  files: string[];
  /** Named platforms; 'all' = every platform not disabled in the config; undefined = those, less the ones without credentials. */
  platforms: PlatformId[] | 'all' | undefined;
  dryRun: boolean;
  force: boolean;
  /** Publish platforms that the schedule says are not due yet. */
  ignoreSchedule?: boolean;
  /** Only posts changed since this git ref. */
  changedSince?: string;
  /** Defaults to .xpost/state.json under the working directory. */
  statePath?: string;
  /** Defaults to the first xpost.config.{yaml,yml,json} in the working directory, if any. */
  configPath?: string;
  /** Problems the caller already found (e.g. an unknown platform), reported with the rest. */
  usageProblems?: XpostError[];
}

/** One post on one platform, fully decided before anything is sent. */
interface PlanItem {
  post: Post;
  identity: string;
  /** The post's source fingerprint, recorded with each copy so `status` can skip rendering. */
  sourceHash: string;
  adapter: PlatformAdapter;
  rendered: RenderedPost;
  prepared: PreparedRequest<unknown>;
  hash: string;
  record: PlatformRecord | undefined;
  action: PlannedAction;
}

/**
 * load → render → prepare → plan for every post and platform; any input problem stops the run
 * before a single request. Then each post's platforms are published concurrently and every result
 * is written to the state file as soon as the platform answers.
 */
export async function publishPosts(options: PublishOptions, ctx: RunContext): Promise<PublishResult[]> {
  const { posts, skipped, setup, problems } = await loadInputs({ paths: options.files, configPath: options.configPath, changedSince: options.changedSince }, ctx);
  problems.unshift(...(options.usageProblems ?? []));
  const adapters = selectPlatforms(options, setup, ctx, problems);
  if (!options.dryRun) problems.push(...missingCredentials(adapters, ctx.env, (adapter) => platformSettings(adapter.id, ctx.env, setup.config)));
  if (problems.length > 0) throw new InputProblems(problems);

  const skippedResults = skipped.flatMap((file) => adapters.map((adapter) => skippedFileResult(file, adapter)));
  for (const result of skippedResults) ctx.emit({ type: 'result', result });
  const statePath = path.resolve(ctx.cwd, options.statePath ?? DEFAULT_STATE_PATH);
  const planning = { posts, adapters, setup, force: options.force, ignoreSchedule: options.ignoreSchedule ?? false };
  if (options.dryRun) {
    const state = await loadStateOrThrow(statePath, ctx);
    const previews = planOrThrow({ ...planning, state }, ctx).map(dryRunResult);
    for (const result of previews) ctx.emit({ type: 'result', result });
    return [...skippedResults, ...previews];
  }

  // The state is read inside the lock: a run that waited must see what the other run published.
  const release = await lockStateFile(statePath, lockTuning(ctx.env));
  try {
    const state = await loadStateOrThrow(statePath, ctx);
    const items = planOrThrow({ ...planning, state }, ctx);
    const sessions = await openSessions(adapters, state, setup, ctx);
    const results: PublishResult[] = [...skippedResults];
    for (const post of posts) {
      const postItems = items.filter((item) => item.post === post);
      // Platforms run side by side: one slow or failing platform neither holds up nor stops the others.
      const settled = await Promise.all(postItems.map((item) => publishItem(item, sessions.get(item.adapter.id)!, state, ctx)));
      results.push(...settled);
    }
    return results;
  } finally {
    await release().catch(() => undefined);
  }
}

async function loadStateOrThrow(statePath: string, ctx: RunContext): Promise<StateStore> {
  try {
    return await StateStore.load(statePath, ctx.redact);
  } catch (error) {
    throw new InputProblems([toXpostError(error)]);
  }
}

/**
 * --to names platforms outright; `all` means every platform the config does not disable; no --to
 * means those that also have credentials, so a CI job publishes wherever secrets are set.
 */
function selectPlatforms(options: PublishOptions, setup: RenderSetup, ctx: RunContext, problems: XpostError[]): PlatformAdapter[] {
  if (Array.isArray(options.platforms)) return options.platforms.map(adapterFor);
  const enabled = allAdapters().filter((adapter) => setup.config.platforms?.[adapter.id]?.enabled !== false);
  if (options.platforms === 'all' || options.dryRun) return enabled;
  const configured = enabled.filter((adapter) => missingCredentials([adapter], ctx.env, (one) => platformSettings(one.id, ctx.env, setup.config)).length === 0);
  // With a bad --to already reported, "no platform" would only repeat it.
  if (configured.length === 0 && (options.usageProblems ?? []).length === 0) {
    problems.push(
      new XpostError('USAGE', 'no platform to publish to: --to is not given and no platform has its credentials set', {
        hint: 'Pass --to devto,hashnode,... or set the platforms\' variables (see .env.example).',
      }),
    );
  }
  return configured;
}

interface Planning {
  posts: Post[];
  adapters: PlatformAdapter[];
  state: StateStore;
  setup: RenderSetup;
  force: boolean;
  ignoreSchedule: boolean;
}

function planOrThrow(planning: Planning, ctx: RunContext): PlanItem[] {
  const problems: XpostError[] = [];
  const items = planAll(planning, ctx, problems);
  if (problems.length > 0) throw new InputProblems(problems);
  warnAboutMissingCanonical(items, ctx);
  return items;
}

function planAll({ posts, adapters, state, setup, force, ignoreSchedule }: Planning, ctx: RunContext, problems: XpostError[]): PlanItem[] {
  const items: PlanItem[] = [];
  const setupHash = setupFingerprint(setup);
  for (const post of posts) {
    const identity = postIdentity(post, setup.config, state);
    const source = sourceHash(post, setupHash);
    for (const adapter of adapters) {
      let ready: PreparedPost;
      try {
        ready = preparePost(post, adapter, setup, ctx.env);
      } catch (error) {
        addProblem(problems, error);
        continue;
      }
      const record = state.record(identity, adapter.id);
      if (ready.kind === 'skip') {
        const nothing: PreparedRequest<unknown> = { payload: null, fingerprint: null, notes: [], endpoint: '' };
        items.push({ post, identity, sourceHash: source, adapter, rendered: ready.rendered, prepared: nothing, hash: '', record, action: { kind: 'blocked', reason: ready.reason } });
        continue;
      }
      const { rendered, prepared, hash } = ready;
      let action = planAction(adapter, record, hash, force);
      // Only a first publish waits for its date; copies that exist are kept up to date at once.
      if (action.kind === 'create' && !ignoreSchedule) {
        const due = notYetDue(post, adapter, setup, ctx.now());
        if (due) action = { kind: 'scheduled', dueAt: due };
      }
      items.push({ post, identity, sourceHash: source, adapter, rendered, prepared, hash, record, action });
    }
  }
  return items;
}

function notYetDue(post: Post, adapter: PlatformAdapter, setup: RenderSetup, now: Date): Date | undefined {
  const due = dueDate(adapter.id, post.frontMatter.date, {
    config: setup.config.schedule,
    post: post.frontMatter.schedule,
    timeZone: setup.config.timezone ?? 'UTC',
  });
  return due && due.getTime() > now.getTime() ? due : undefined;
}

function skippedFileResult(file: SkippedFile, adapter: PlatformAdapter): PublishResult {
  return {
    file: file.file,
    platform: adapter.id,
    status: 'skipped',
    action: 'none',
    id: null,
    url: null,
    error: null,
    errorCode: null,
    hint: null,
    message: file.reason,
    dueAt: null,
    notes: [],
  };
}

function warnAboutMissingCanonical(items: PlanItem[], ctx: RunContext): void {
  const withoutCanonical = new Set(items.filter((item) => !item.rendered.canonicalUrl).map((item) => item.post.displayPath));
  for (const file of withoutCanonical) {
    ctx.emit({
      type: 'warning',
      message: `${file}: no canonical_url, so the copies will compete with the original in search results. Add canonical_url to the front matter.`,
    });
  }
}

function baseResult(item: PlanItem, action: ResultAction): PublishResult {
  return {
    file: item.post.displayPath,
    platform: item.adapter.id,
    status: 'unchanged',
    action,
    id: item.record?.id ?? null,
    url: item.record?.url ?? null,
    error: null,
    errorCode: null,
    hint: null,
    message: null,
    dueAt: item.action.kind === 'scheduled' ? item.action.dueAt.toISOString() : null,
    notes: item.prepared.notes,
  };
}

function scheduledMessage(dueAt: Date): string {
  return `scheduled: due ${dueAt.toISOString().replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC')} (--now publishes it today)`;
}

function actionOf(action: PlannedAction): ResultAction {
  return action.kind === 'create' || action.kind === 'reconcile' ? 'create' : action.kind === 'update' ? 'update' : 'none';
}

function dryRunResult(item: PlanItem): PublishResult {
  if (item.action.kind === 'scheduled') {
    return { ...baseResult(item, 'none'), status: 'scheduled', message: scheduledMessage(item.action.dueAt) };
  }
  const described =
    item.action.kind === 'blocked'
      ? item.action.reason
      : item.action.kind === 'reconcile'
        ? 'an earlier create may have reached the platform; it will be looked up before creating'
        : null;
  return {
    ...baseResult(item, actionOf(item.action)),
    status: 'dry-run',
    message: item.action.kind === 'unchanged' ? 'unchanged, nothing would be sent' : described,
    request: { endpoint: item.prepared.endpoint, payload: item.prepared.payload },
  };
}

async function publishItem(item: PlanItem, session: PlatformSession, state: StateStore, ctx: RunContext): Promise<PublishResult> {
  const action = actionOf(item.action);
  const result = baseResult(item, action);
  if (item.action.kind === 'unchanged') {
    // Same result from edited sources (say a new `date`): remember the sources so `status` stops calling it changed.
    if (item.record?.id && item.record.sourceHash !== item.sourceHash) {
      await state.update(item.identity, state.relativePath(item.post.file), item.adapter.id, (current) => ({ ...current, sourceHash: item.sourceHash }));
    }
    return emitResult(ctx, { ...result, status: 'unchanged' });
  }
  if (item.action.kind === 'blocked') return emitResult(ctx, { ...result, status: 'skipped', message: item.action.reason });
  if (item.action.kind === 'scheduled') return emitResult(ctx, { ...result, status: 'scheduled', message: scheduledMessage(item.action.dueAt) });

  ctx.emit({ type: 'start', file: item.post.displayPath, platform: item.adapter.id, action });
  try {
    const remote =
      item.action.kind === 'update'
        ? await sendUpdate(item, session, state, { id: item.action.remoteId, url: item.record?.url, meta: item.record?.meta }, ctx)
        : await sendCreate(item, session, state, ctx);
    return emitResult(ctx, { ...result, status: remote.updated ? 'updated' : 'published', id: remote.id, url: remote.url ?? null });
  } catch (error) {
    const failure = explainFailure(item.adapter, toXpostError(error));
    await recordFailure(item, state, failure, ctx);
    return emitResult(ctx, {
      ...result,
      status: 'failed',
      error: failure.message,
      errorCode: failure.code,
      hint: failure.hint ?? null,
    });
  }
}

type SentRecord = RemoteRecord & { updated: boolean };

async function sendCreate(item: PlanItem, session: PlatformSession, state: StateStore, ctx: RunContext): Promise<SentRecord> {
  if (item.action.kind === 'reconcile') {
    const found = await lookUp(item, session);
    if (found) return adoptAndUpdate(item, session, state, found, ctx);
    refuseWhileSearchMayLag(item, item.record?.pendingCreate?.startedAt, ctx);
  }
  // Account lookups (Medium author id, LinkedIn member) happen before the intent: only the create itself is in doubt.
  await item.adapter.resolveAccount?.(session);
  // Write-ahead: if this process dies after sending, the next run knows a create may have happened.
  const startedAt = ctx.now().toISOString();
  await state.update(item.identity, state.relativePath(item.post.file), item.adapter.id, (current) => ({
    ...current,
    pendingCreate: { contentHash: item.hash, startedAt },
  }));
  let created: RemoteRecord;
  try {
    created = await item.adapter.create(session, item.prepared, item.rendered);
  } catch (error) {
    const failure = toXpostError(error);
    // The platform says the post exists, or we cannot know if it was created: look before anything else.
    if (failure.code === 'OUTCOME_UNKNOWN' && !item.adapter.find) throw unsearchable(item, failure.message);
    if (failure.code === 'DUPLICATE' || failure.code === 'OUTCOME_UNKNOWN') {
      const found = await lookUp(item, session).catch(() => undefined);
      if (found) return adoptAndUpdate(item, session, state, found, ctx);
      if (failure.code === 'OUTCOME_UNKNOWN') refuseWhileSearchMayLag(item, startedAt, ctx);
    }
    if (failure.code !== 'OUTCOME_UNKNOWN') await clearPending(item, state);
    throw failure;
  }
  await recordSent(item, state, created, true, ctx);
  return { ...created, updated: false };
}

/**
 * A platform whose search answers from a cache (Hashnode, about 25 s) may not show a post created
 * moments ago: "not found" then proves nothing, so no second create is sent until the cache has caught up.
 */
function refuseWhileSearchMayLag(item: PlanItem, intentStartedAt: string | undefined, ctx: RunContext): void {
  const lagSeconds = item.adapter.searchLagSeconds;
  if (!lagSeconds || !intentStartedAt) return;
  const waitSeconds = Math.ceil(lagSeconds + 5 - (ctx.now().getTime() - Date.parse(intentStartedAt)) / 1000);
  if (waitSeconds <= 0) return;
  throw new XpostError('OUTCOME_UNKNOWN', `the create may have reached ${item.adapter.name}, whose search can take ${lagSeconds} s to show a new post`, {
    hint: `Run publish again in ${waitSeconds} s or later: xpost will look the post up again before creating anything.`,
  });
}

async function lookUp(item: PlanItem, session: PlatformSession): Promise<RemoteRecord | undefined> {
  if (!item.adapter.find) throw unsearchable(item, `an earlier create may have reached ${item.adapter.name}`);
  return item.adapter.find(session, item.rendered);
}

/** Medium and LinkedIn cannot be searched: the user checks, then records the copy or forces a new one. */
function unsearchable(item: PlanItem, what: string): XpostError {
  return new XpostError(
    'OUTCOME_UNKNOWN',
    `${what}; whether the post exists is unknown: check ${item.adapter.manageUrl} and run \`${markCommand(item.post.displayPath, item.adapter.id)}\``,
    {
      hint: `If the post is there: ${markCommand(item.post.displayPath, item.adapter.id)}. If it is not: run publish again with --force. Nothing is re-sent until then.`,
    },
  );
}

/** A copy found on the platform becomes ours; it is then brought up to date where the platform allows. */
async function adoptAndUpdate(item: PlanItem, session: PlatformSession, state: StateStore, found: RemoteRecord, ctx: RunContext): Promise<SentRecord> {
  // The copy was created by this publish (or an interrupted one), so it is reported as published.
  if (item.adapter.updateSupport === 'update') return { ...(await sendUpdate(item, session, state, found, ctx)), updated: false };
  await recordSent(item, state, found, true, ctx);
  return { ...found, updated: false };
}

async function sendUpdate(item: PlanItem, session: PlatformSession, state: StateStore, remote: RemoteRecord, ctx: RunContext): Promise<SentRecord> {
  const updated = await item.adapter.update(session, remote, item.prepared, item.rendered);
  await recordSent(item, state, { id: updated.id || remote.id, url: updated.url ?? remote.url, meta: updated.meta ?? remote.meta }, false, ctx);
  return { ...updated, url: updated.url ?? remote.url, updated: true };
}

async function recordSent(item: PlanItem, state: StateStore, remote: RemoteRecord, created: boolean, ctx: RunContext): Promise<void> {
  const now = ctx.now().toISOString();
  await state.update(item.identity, state.relativePath(item.post.file), item.adapter.id, (current) => {
    const { pendingCreate: _pending, lastError: _error, ...rest } = current;
    return {
      ...rest,
      id: remote.id,
      url: remote.url ?? current.url,
      ...(remote.meta ? { meta: remote.meta } : {}),
      contentHash: item.hash,
      sourceHash: item.sourceHash,
      publishedAt: created ? now : (current.publishedAt ?? now),
      updatedAt: now,
    };
  });
}

async function clearPending(item: PlanItem, state: StateStore): Promise<void> {
  await state.update(item.identity, state.relativePath(item.post.file), item.adapter.id, (current) => {
    const { pendingCreate: _pending, ...rest } = current;
    return rest;
  });
}

async function recordFailure(item: PlanItem, state: StateStore, failure: XpostError, ctx: RunContext): Promise<void> {
  try {
    await state.update(item.identity, state.relativePath(item.post.file), item.adapter.id, (current) => ({
      ...current,
      lastError: { code: failure.code, message: failure.message, at: ctx.now().toISOString() },
    }));
  } catch (error) {
    ctx.emit({ type: 'warning', message: `could not record the failure in the state file: ${toXpostError(error).message}` });
  }
}

/** Adds the next step the platform's own message does not give. */
function explainFailure(adapter: PlatformAdapter, failure: XpostError): XpostError {
  if (failure.hint) return failure;
  const credential = adapter.credentials.find((candidate) => candidate.secret);
  const hints: Partial<Record<XpostError['code'], string>> = {
    AUTH_FAILED: credential ? `${adapter.name} rejected ${credential.env}: ${credential.howToGet}.` : undefined,
    FORBIDDEN: `The ${adapter.name} account is not allowed to do this; check the token's permissions.`,
    RATE_LIMITED: `${adapter.name} is rate limiting; run again later (already-published copies are recorded).`,
    SERVER_ERROR: `${adapter.name} had a problem; run again later.`,
    NETWORK: 'Check the network connection and run again.',
    TIMEOUT: 'Run again; what was published is recorded.',
  };
  const hint = hints[failure.code];
  return hint ? new XpostError(failure.code, failure.message, { hint, status: failure.status, platformCode: failure.platformCode }) : failure;
}

function emitResult(ctx: RunContext, result: PublishResult): PublishResult {
  ctx.emit({ type: 'result', result });
  return result;
}
