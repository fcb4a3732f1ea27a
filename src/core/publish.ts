import path from 'node:path';
import { lockTuning, platformSettings } from '../config/runtime.js';
import type { PlatformRecord } from '../config/state-schema.js';
import { InputProblems, XpostError, toXpostError } from '../errors/xpost-error.js';
import type { PlatformId } from '../platforms/registry.js';
import { adapterFor, allAdapters } from '../platforms/registry.js';
import type { ArticleAdapter, PlatformAdapter, PlatformSession, PreparedRequest, RemoteRecord, RenderedPost } from '../platforms/types.js';
import { withLockedState } from '../state/locked-state.js';
import { DEFAULT_STATE_PATH, StateStore, type PostBinding } from '../state/state-file.js';
import type { PublishResult, ResultAction, RunContext } from './context.js';
import { createOnce, type CreateJournal } from './create-protocol.js';
import { missingCredentials } from './credentials.js';
import { describeIdentityChange, resolveIdentities, type IdentityChange } from './identity.js';
import { loadInputs, type SkippedFile } from './inputs.js';
import type { Post } from './load-post.js';
import { planAction, type PlannedAction } from './plan.js';
import { addProblem, preparePost, type PreparedPost } from './prepare.js';
import { markCommand } from './reconcile.js';
import { postNotes, type RenderSetup } from './render.js';
import { dueDate } from './schedule.js';
import { openSessions } from './sessions.js';
import { setupFingerprint, sourceHash } from './source-hash.js';
import type { PlannedCreate } from './state-sync.js';
import { loadThreadKit } from './thread-kit.js';
import { sendThread } from './thread-publish.js';

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
  /** Where the post's record lives (after any move) and what it is bound to. */
  binding: PostBinding;
  /** The key the record was found under, when it must follow the post to a new key or file. */
  previousKey: string | undefined;
  change: IdentityChange | undefined;
  /** The post's source fingerprint, recorded with each copy so `status` can skip rendering. */
  sourceHash: string;
  adapter: PlatformAdapter;
  rendered: RenderedPost;
  prepared: PreparedRequest<unknown>;
  hash: string;
  record: PlatformRecord | undefined;
  action: PlannedAction;
  /** How the post was read, for the dry-run. */
  postNotes: string[];
  force: boolean;
  /** Prepares the post again from the account facts as they are now (a thread cut to limits read at send time). */
  prepareAgain: () => PreparedPost;
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
  await loadThreadKit(adapters);

  const skippedResults = skipped.flatMap((file) => adapters.map((adapter) => skippedFileResult(file, adapter)));
  for (const result of skippedResults) ctx.emit({ type: 'result', result });
  const statePath = path.resolve(ctx.cwd, options.statePath ?? DEFAULT_STATE_PATH);
  const planning = { posts, adapters, setup, force: options.force, ignoreSchedule: options.ignoreSchedule ?? false };
  if (options.dryRun) {
    const state = await loadStateOrThrow(statePath);
    const previews = planOrThrow({ ...planning, state }, ctx).map(dryRunResult);
    for (const result of previews) ctx.emit({ type: 'result', result });
    return [...skippedResults, ...previews];
  }

  return withLockedState(statePath, lockTuning(ctx.env), async (state) => {
    const planned = planOrThrow({ ...planning, state }, ctx);
    await followMovedRecords(planned, state);
    const items = await reserveCreates(planned, state, ctx);
    try {
      const sessions = await openSessions(adapters, state, setup, ctx);
      const results: PublishResult[] = [...skippedResults];
      for (const post of new Set(items.map((item) => item.post))) {
        const postItems = items.filter((item) => item.post === post);
        // Platforms run side by side: one slow or failing platform neither holds up nor stops the others.
        const settled = await Promise.all(postItems.map((item) => publishItem(item, sessions.get(item.adapter.id)!, state, ctx)));
        results.push(...settled);
      }
      return results;
    } finally {
      await ctx.stateSync?.afterRun(state);
    }
  });
}

/** With a state sync (--commit-state) the planned creates are recorded where other runs see them before anything is sent; those another run holds are left to it. */
async function reserveCreates(items: PlanItem[], state: StateStore, ctx: RunContext): Promise<PlanItem[]> {
  if (!ctx.stateSync) return items;
  const creates = new Map<PlanItem, PlannedCreate>();
  for (const item of items) {
    if (item.action.kind === 'create' || item.action.kind === 'reconcile') {
      creates.set(item, { binding: item.binding, platform: item.adapter.id, contentHash: item.hash, file: item.post.displayPath });
    }
  }
  const heldElsewhere = await ctx.stateSync.beforeFirstWrite([...creates.values()], state);
  return items.map((item) => {
    const create = creates.get(item);
    return create && heldElsewhere.has(create) ? { ...item, action: { kind: 'blocked', reason: 'another xpost run is publishing it' } } : item;
  });
}

async function loadStateOrThrow(statePath: string): Promise<StateStore> {
  try {
    return await StateStore.load(statePath);
  } catch (error) {
    throw new InputProblems([toXpostError(error)]);
  }
}

/** Records that were recognised under another identity or file move to the post's current ones before anything is sent. */
async function followMovedRecords(items: PlanItem[], state: StateStore): Promise<void> {
  const moved = new Map(items.filter((item) => item.previousKey !== undefined).map((item) => [item.post, item]));
  for (const item of moved.values()) await state.rebind(item.previousKey!, item.binding);
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
  warnAboutIdentityChanges(items, ctx);
  warnAboutMissingCanonical(items, ctx);
  warnAboutDailyLimits(items, ctx);
  return items;
}

function planAll({ posts, adapters, state, setup, force, ignoreSchedule }: Planning, ctx: RunContext, problems: XpostError[]): PlanItem[] {
  const prepared = new Map<Post, Map<PlatformId, PreparedPost | XpostError>>();
  const prepareOnce = (post: Post, adapter: PlatformAdapter): PreparedPost | XpostError => {
    const byPlatform = prepared.get(post) ?? new Map<PlatformId, PreparedPost | XpostError>();
    prepared.set(post, byPlatform);
    let ready = byPlatform.get(adapter.id);
    if (!ready) {
      try {
        ready = preparePost(post, adapter, setup, ctx.env, state.account(adapter.id));
      } catch (error) {
        ready = toXpostError(error);
      }
      byPlatform.set(adapter.id, ready);
    }
    return ready;
  };
  const copyHashes = (post: Post): string[] =>
    adapters.flatMap((adapter) => {
      const ready = prepareOnce(post, adapter);
      return ready instanceof XpostError || ready.kind === 'skip' ? [] : [ready.hash];
    });
  const resolution = resolveIdentities(posts, setup.config, state, { copyHashes });
  problems.push(...resolution.problems);

  const items: PlanItem[] = [];
  const setupHash = setupFingerprint(setup);
  for (const post of resolution.posts) {
    const identity = resolution.identities.get(post);
    if (!identity) continue;
    const source = sourceHash(post, setupHash);
    const recordKey = identity.previousKey ?? identity.binding.key;
    const notes = postNotes(post, setup);
    // A post whose address moved (a renamed file, a new permalink) is compared by what it would send: its copies carry the address.
    const addressKept = (state.post(recordKey)?.canonicalUrl ?? undefined) === identity.binding.canonicalUrl;
    for (const adapter of adapters) {
      const ready = prepareOnce(post, adapter);
      if (ready instanceof XpostError) {
        addProblem(problems, ready);
        continue;
      }
      const record = state.record(recordKey, adapter.id);
      const base = { post, binding: identity.binding, previousKey: identity.previousKey, change: identity.change, sourceHash: source, adapter, rendered: ready.rendered, record, force, postNotes: notes, prepareAgain: () => preparePost(post, adapter, setup, ctx.env, state.account(adapter.id)) };
      if (ready.kind === 'skip') {
        const nothing: PreparedRequest<unknown> = { payload: null, fingerprint: null, notes: [], endpoint: '' };
        items.push({ ...base, prepared: nothing, hash: '', action: { kind: 'blocked', reason: ready.reason } });
        continue;
      }
      let action = planAction(adapter, record, ready.hash, force, addressKept ? source : undefined);
      // Only a first publish waits for its date; copies that exist are kept up to date at once.
      if (action.kind === 'create' && !ignoreSchedule) {
        const due = notYetDue(post, adapter, setup, ctx.now());
        if (due) action = { kind: 'scheduled', dueAt: due };
      }
      items.push({ ...base, prepared: ready.prepared, hash: ready.hash, action });
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

function warnAboutIdentityChanges(items: PlanItem[], ctx: RunContext): void {
  const changed = new Map(items.filter((item) => item.change).map((item) => [item.post.displayPath, item.change!]));
  for (const [file, change] of changed) ctx.emit({ type: 'warning', message: `${file}: ${describeIdentityChange(change)}` });
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

function warnAboutDailyLimits(items: PlanItem[], ctx: RunContext): void {
  for (const adapter of new Set(items.map((item) => item.adapter))) {
    const limit = adapter.dailyCreateLimit;
    const creates = items.filter((item) => item.adapter === adapter && item.action.kind === 'create').length;
    if (limit === undefined || creates <= limit) continue;
    ctx.emit({
      type: 'warning',
      message: `${creates} new ${adapter.name} posts planned; ${adapter.name} accepts about ${limit} a day, so the rest fail with its daily limit and are created by a run on a later day (schedule: or --changed-since spread them out)`,
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
  return action.kind === 'create' || action.kind === 'reconcile' || action.kind === 'resume' ? 'create' : action.kind === 'update' ? 'update' : 'none';
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
        : item.action.kind === 'resume'
          ? `the thread was left half-posted (${item.action.posted} of ${item.action.total} parts exist): it continues from part ${item.action.posted + 1}`
          : item.action.kind === 'update' && item.change?.kind === 'identity-changed'
            ? `${describeIdentityChange(item.change)}; this copy would be updated, not created`
            : null;
  return {
    ...baseResult(item, actionOf(item.action)),
    status: 'dry-run',
    message: item.action.kind === 'unchanged' ? 'unchanged, nothing would be sent' : described,
    postNotes: item.postNotes,
    request: { endpoint: item.prepared.endpoint, payload: item.prepared.payload, ...(item.prepared.parts ? { parts: item.prepared.parts } : {}) },
  };
}

async function publishItem(item: PlanItem, session: PlatformSession, state: StateStore, ctx: RunContext): Promise<PublishResult> {
  const action = actionOf(item.action);
  const result = baseResult(item, action);
  if (item.action.kind === 'unchanged') {
    // Same result from edited sources (say a new `date`): remember the sources so `status` stops calling it changed.
    if (item.record?.id && item.record.sourceHash !== item.sourceHash) await state.refreshSourceHash(item.binding, item.adapter.id, item.sourceHash);
    return emitResult(ctx, { ...result, status: 'unchanged' });
  }
  if (item.action.kind === 'blocked') return emitResult(ctx, { ...result, status: 'skipped', message: item.action.reason });
  if (item.action.kind === 'scheduled') return emitResult(ctx, { ...result, status: 'scheduled', message: scheduledMessage(item.action.dueAt) });

  ctx.emit({ type: 'start', file: item.post.displayPath, platform: item.adapter.id, action });
  try {
    const sent: SendResult =
      item.adapter.shape === 'thread'
        ? await sendThread({ ...item, adapter: item.adapter, markCommand: markCommand(item.post.displayPath, item.adapter.id) }, session, state, ctx)
        : item.action.kind === 'update'
          ? { remote: await sendUpdate(item, item.adapter, session, state, { id: item.action.remoteId, url: item.record?.url, meta: item.record?.meta }, ctx), status: 'updated' as const }
          : await sendCreate(item, item.adapter, session, state, ctx);
    if (sent.status === 'failed') return emitResult(ctx, await failedResult(item, result, sent.error, state, ctx));
    return emitResult(ctx, { ...result, status: sent.status, id: sent.remote.id, url: sent.remote.url ?? null, message: sent.message ?? result.message });
  } catch (error) {
    return emitResult(ctx, await failedResult(item, result, toXpostError(error), state, ctx));
  }
}

/** `message` says what a thread run did (parts posted, resumed, edited). */
type SendResult = { status: 'published' | 'updated'; remote: RemoteRecord; message?: string } | { status: 'failed'; error: XpostError };

async function sendCreate(item: PlanItem, adapter: ArticleAdapter, session: PlatformSession, state: StateStore, ctx: RunContext): Promise<SendResult> {
  const journal: CreateJournal = {
    begin: (intent) => state.recordIntent(item.binding, item.adapter.id, intent),
    clear: () => state.clearIntent(item.binding, item.adapter.id),
  };
  const outcome = await createOnce(
    {
      adapter,
      session,
      prepared: item.prepared,
      rendered: item.rendered,
      contentHash: item.hash,
      earlierIntent: item.action.kind === 'reconcile' ? item.record?.pendingCreate : undefined,
      markCommand: markCommand(item.post.displayPath, item.adapter.id),
    },
    journal,
    ctx.now,
  );
  switch (outcome.kind) {
    case 'created':
      await recordCopy(item, state, outcome.remote, { contentHash: item.hash, created: true }, ctx);
      return { status: 'published', remote: outcome.remote };
    case 'adopted': {
      // Recorded before it is brought up to date: a failing update then still leaves the copy known.
      await recordCopy(item, state, outcome.remote, { contentHash: undefined, created: true }, ctx);
      if (adapter.updateSupport !== 'update') return { status: 'published', remote: outcome.remote };
      // The copy was created by this publish (or an interrupted one), so it is reported as published.
      return { status: 'published', remote: await sendUpdate(item, adapter, session, state, outcome.remote, ctx) };
    }
    case 'unknown':
    case 'refused':
      return { status: 'failed', error: outcome.error };
  }
}

async function sendUpdate(item: PlanItem, adapter: ArticleAdapter, session: PlatformSession, state: StateStore, remote: RemoteRecord, ctx: RunContext): Promise<RemoteRecord> {
  const updated = await adapter.update(session, remote, item.prepared, item.rendered);
  // A Hashnode draft published by this update comes back as the post, with its own id and kind.
  const copy = { id: updated.id || remote.id, url: updated.url ?? remote.url, meta: updated.meta ?? remote.meta };
  await recordCopy(item, state, copy, { contentHash: item.hash, created: false }, ctx);
  return copy;
}

function recordCopy(item: PlanItem, state: StateStore, remote: RemoteRecord, facts: { contentHash: string | undefined; created: boolean }, ctx: RunContext): Promise<void> {
  return state.recordCopy(item.binding, item.adapter.id, {
    id: remote.id,
    url: remote.url,
    ...(remote.meta ? { meta: remote.meta } : {}),
    contentHash: facts.contentHash,
    sourceHash: facts.contentHash ? item.sourceHash : undefined,
    at: ctx.now().toISOString(),
    created: facts.created,
  });
}

async function failedResult(item: PlanItem, result: PublishResult, error: XpostError, state: StateStore, ctx: RunContext): Promise<PublishResult> {
  const failure = explainFailure(item.adapter, error);
  try {
    // The state is a file: the message is masked on its way there like any other output.
    await state.recordFailure(item.binding, item.adapter.id, { code: failure.code, message: ctx.redact(failure.message), at: ctx.now().toISOString() });
  } catch (recordError) {
    ctx.emit({ type: 'warning', message: `could not record the failure in the state file: ${toXpostError(recordError).message}` });
  }
  return { ...result, status: 'failed', error: failure.message, errorCode: failure.code, hint: failure.hint ?? null };
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
