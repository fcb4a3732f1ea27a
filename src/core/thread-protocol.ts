import type { ThreadPartRecord, ThreadRecord } from '../config/state-schema.js';
import { XpostError, toXpostError } from '../errors/xpost-error.js';
import type { PartPlace, PlatformSession, PostedPart, RenderedPost, ThreadOperations } from '../platforms/types.js';
import { createWasRefused } from './create-protocol.js';

/**
 * complete: every part exists (`sent` of them created and `edited` edited by this run) · unknown: a
 * part may or may not exist; its key stays recorded and nothing after it is sent until a run finds
 * out · refused: a part certainly was not created, nothing after it was sent · broken: a part the
 * thread hangs from was deleted, so the thread cannot go on (--force starts a new one).
 * `posted` counts the parts that exist.
 */
export type ThreadOutcome =
  | { kind: 'complete'; parts: PostedPart[]; sent: number; edited: number }
  | { kind: 'unknown'; error: XpostError; posted: number }
  | { kind: 'refused'; error: XpostError; posted: number }
  | { kind: 'broken'; error: XpostError; posted: number };

export interface ThreadPlatform {
  name: string;
  manageUrl: string;
  thread: ThreadOperations<unknown>;
}

export interface ThreadRequest {
  platform: ThreadPlatform;
  session: PlatformSession;
  /** Each part's request body, in order. */
  parts: unknown[];
  /** Each part's content hash, in order. */
  hashes: string[];
  post: RenderedPost;
  /** What the state holds of this thread; undefined when none of it was sent. */
  progress: ThreadRecord | undefined;
  /** The user's word: a part in doubt was not posted, and a thread whose parts were deleted starts anew. */
  force: boolean;
  /** Bring posted parts up to date (edit them, delete the ones the thread no longer has) before going on. */
  edit: boolean;
  /** The exact command that records a part found by hand. */
  markCommand: string;
}

/** The write-ahead journal of one thread (the state file): resolves once the progress is on disk. */
export interface ThreadJournal {
  save(progress: ThreadRecord): Promise<void>;
}

/** Mutable progress with a save after every step, so the state file always holds what exists and what may. */
class Progress {
  readonly parts: ThreadPartRecord[];
  total: number;

  constructor(
    recorded: ThreadRecord | undefined,
    total: number,
    private readonly journal: ThreadJournal,
  ) {
    this.parts = recorded?.parts.map((part) => ({ ...part })) ?? [];
    this.total = total;
  }

  posted(): PostedPart[] {
    return this.parts.filter((part): part is ThreadPartRecord & { id: string } => part.id !== undefined).map(toPosted);
  }

  pending(): ThreadPartRecord | undefined {
    const last = this.parts.at(-1);
    return last && last.id === undefined ? last : undefined;
  }

  save(): Promise<void> {
    return this.journal.save({ total: this.total, parts: this.parts.map((part) => ({ ...part })) });
  }
}

function toPosted(part: ThreadPartRecord & { id: string }): PostedPart {
  return { key: part.key, id: part.id, url: part.url, ...(part.meta ? { meta: part.meta } : {}) };
}

function asRecord(part: PostedPart, hash: string | undefined): ThreadPartRecord {
  return { key: part.key, id: part.id, ...(part.url ? { url: part.url } : {}), ...(hash ? { hash } : {}), ...(part.meta ? { meta: part.meta } : {}) };
}

/**
 * Posts a thread one part at a time, each recorded the moment it exists: a run that dies or fails is
 * resumed from the next part, never re-posting one and never leaving a gap. Each part's key is chosen
 * and recorded before it is sent; a part in doubt is looked up under its key (or sent again where the
 * key makes that safe) before anything after it is sent.
 */
export async function postThread(request: ThreadRequest, journal: ThreadJournal, now: () => Date): Promise<ThreadOutcome> {
  const progress = new Progress(request.progress, request.parts.length, journal);
  const ops = request.platform.thread;
  let resend: ThreadPartRecord | undefined;
  const pending = progress.pending();
  if (pending) {
    progress.parts.pop();
    if (!request.force) {
      const recovered = await recover(request, progress, pending, now);
      if (recovered.kind === 'unknown') return recovered;
      if (recovered.kind === 'found') {
        progress.parts.push(asRecord(recovered.part, request.hashes[progress.parts.length]));
        await progress.save();
      } else {
        resend = pending;
      }
    }
  }

  let edited = 0;
  if (request.edit) {
    const editing = await editPosted(request, progress);
    if (editing.kind !== 'edited') return editing;
    edited = editing.count;
  }

  const intact = await checkThreadIntact(request, progress);
  if (intact.kind === 'broken') {
    if (!request.force) return intact;
    // The user's word: the remains of the old thread stay as they are, a new thread starts.
    progress.parts.length = 0;
    resend = undefined;
  }

  let sent = 0;
  let restarted = false;
  while (progress.parts.length < request.parts.length) {
    const index = progress.parts.length;
    const posted = progress.posted();
    const key = resend?.key ?? (await ops.newKey());
    const sentAt = resend?.sentAt ?? now().toISOString();
    resend = undefined;
    progress.total = request.parts.length;
    progress.parts.push({ key, sentAt });
    await progress.save();
    const place: PartPlace = { index, key, root: posted[0], parent: posted.at(-1), post: request.post };
    const created = await createPart(request, progress, place, sentAt, now);
    if (created.kind === 'broken' && request.force && !restarted) {
      // A platform that refuses replies to deleted posts tells only now; with --force the thread starts anew, once.
      restarted = true;
      progress.parts.length = 0;
      await progress.save();
      continue;
    }
    if (created.kind !== 'posted') return created;
    progress.parts[index] = asRecord(created.part, request.hashes[index]);
    await progress.save();
    sent += 1;
  }
  if (progress.total !== request.parts.length) {
    progress.total = request.parts.length;
    await progress.save();
  }
  return { kind: 'complete', parts: progress.posted(), sent, edited };
}

type Recovered = { kind: 'found'; part: PostedPart } | { kind: 'send' } | Extract<ThreadOutcome, { kind: 'unknown' }>;

/** A part left in doubt by an earlier run: found under its key, safe to send again under it, or still unknown. */
async function recover(request: ThreadRequest, progress: Progress, pending: ThreadPartRecord, now: () => Date): Promise<Recovered> {
  const posted = progress.posted();
  const place: PartPlace = { index: posted.length, key: pending.key, root: posted[0], parent: posted.at(-1), post: request.post };
  try {
    const recovery = await request.platform.thread.recoverPart(request.session, request.parts[place.index], place, pending.sentAt ?? now().toISOString(), now());
    return recovery.kind === 'found' ? { kind: 'found', part: { ...recovery.part, key: pending.key } } : recovery;
  } catch (error) {
    // The part stays recorded as in doubt: the next run asks again.
    progress.parts.push(pending);
    return { kind: 'unknown', error: inDoubt(request, posted.length, request.parts.length, toXpostError(error)), posted: posted.length };
  }
}

type Created = { kind: 'posted'; part: PostedPart } | Exclude<ThreadOutcome, { kind: 'complete' }>;

/** One part sent once; an answer in doubt is followed by one lookup under the part's key, never by a blind resend. */
async function createPart(request: ThreadRequest, progress: Progress, place: PartPlace, sentAt: string, now: () => Date): Promise<Created> {
  const ops = request.platform.thread;
  const postedBefore = place.index;
  let failure: XpostError;
  try {
    const part = await ops.createPart(request.session, request.parts[place.index], place);
    return { kind: 'posted', part: { ...part, key: place.key } };
  } catch (error) {
    failure = toXpostError(error);
  }
  if (failure.platformCode === 'PARENT_GONE' || createWasRefused(failure)) {
    progress.parts.pop();
    await progress.save();
    if (failure.platformCode === 'PARENT_GONE') return { kind: 'broken', error: brokenThread(request, postedBefore), posted: postedBefore };
    return { kind: 'refused', error: failure, posted: postedBefore };
  }
  try {
    const recovery = await ops.recoverPart(request.session, request.parts[place.index], place, sentAt, now());
    if (recovery.kind === 'found') return { kind: 'posted', part: { ...recovery.part, key: place.key } };
  } catch (lookupError) {
    return { kind: 'unknown', error: inDoubt(request, postedBefore, request.parts.length, failure, toXpostError(lookupError)), posted: postedBefore };
  }
  return {
    kind: 'unknown',
    error: new XpostError('OUTCOME_UNKNOWN', `${failure.message}; part ${postedBefore + 1} of ${request.parts.length} was not found under its key yet`, {
      hint: `Run publish again: xpost looks part ${postedBefore + 1} up under the same key before sending it, so it cannot be posted twice.`,
      status: failure.status,
    }),
    posted: postedBefore,
  };
}

/** Edits the posted parts whose text changed, and deletes those past the thread's new end. */
async function editPosted(request: ThreadRequest, progress: Progress): Promise<{ kind: 'edited'; count: number } | Exclude<ThreadOutcome, { kind: 'complete' }>> {
  const ops = request.platform.thread;
  const { editPart, deletePart } = ops;
  if (!editPart || !deletePart) throw new XpostError('INTERNAL', `${request.platform.name} threads cannot be edited`);
  let count = 0;
  try {
    while (progress.parts.length > request.parts.length) {
      const surplus = progress.parts.at(-1)!;
      if (surplus.id !== undefined) await deletePart(request.session, toPosted({ ...surplus, id: surplus.id }));
      progress.parts.pop();
      await progress.save();
    }
    for (const [index, part] of progress.parts.entries()) {
      if (part.id === undefined || part.hash === request.hashes[index]) continue;
      const edited = await editPart(request.session, toPosted({ ...part, id: part.id }), request.parts[index]);
      progress.parts[index] = asRecord({ ...edited, key: part.key }, request.hashes[index]);
      await progress.save();
      count += 1;
    }
  } catch (error) {
    // Edits are idempotent: whatever was not edited is edited by the next run.
    return { kind: 'refused', error: toXpostError(error), posted: progress.posted().length };
  }
  return { kind: 'edited', count };
}

/** Parts from an earlier run that the next part hangs from must still exist, where the platform would accept a reply to nothing. */
async function checkThreadIntact(request: ThreadRequest, progress: Progress): Promise<{ kind: 'intact' } | Extract<ThreadOutcome, { kind: 'broken' }>> {
  const posted = progress.posted();
  const exists = request.platform.thread.partExists;
  if (!exists || posted.length === 0 || posted.length >= request.parts.length) return { kind: 'intact' };
  for (const part of new Set([posted[0]!, posted.at(-1)!])) {
    if (!(await exists(request.session, part))) return { kind: 'broken', error: brokenThread(request, posted.length), posted: posted.length };
  }
  return { kind: 'intact' };
}

function brokenThread(request: ThreadRequest, posted: number): XpostError {
  const { name } = request.platform;
  return new XpostError('REJECTED', `the ${name} thread cannot continue: a part it hangs from (part 1 or ${posted} of ${request.parts.length}) was deleted`, {
    platformCode: 'PARENT_GONE',
    hint: `Run publish with --force to start a new ${name} thread; the remaining parts of the old one stay as they are (delete them on ${name} if you like).`,
  });
}

function inDoubt(request: ThreadRequest, posted: number, total: number, failure: XpostError, lookup?: XpostError): XpostError {
  const { name, manageUrl } = request.platform;
  const why = lookup ? `${failure.message}; looking it up failed: ${lookup.message}` : failure.message;
  return new XpostError('OUTCOME_UNKNOWN', `part ${posted + 1} of ${total} of the ${name} thread may or may not have been posted (${why})`, {
    hint: `Check ${manageUrl}: if part ${posted + 1} is there, run \`${request.markCommand}\` with its id; if it is not, run publish again with --force. Nothing after it is sent until then.`,
    status: failure.status,
  });
}
