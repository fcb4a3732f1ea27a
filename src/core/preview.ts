import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputProblems, XpostError } from '../errors/xpost-error.js';
import { adapterFor, isPlatformId, RENDER_TARGET_IDS, renderTargetFor, type RenderTargetId } from '../platforms/registry.js';
import type { RunContext } from './context.js';
import { loadInputs } from './inputs.js';
import type { Post } from './load-post.js';
import { addProblem, preparePost } from './prepare.js';
import { renderArticle, renderThreadParts, type RenderSetup } from './render.js';
import * as threadTools from './thread.js';
import { loadThreadKit } from './thread-kit.js';
import type { PartView } from '../platforms/types.js';

/** Everything xpost can render: the publish platforms plus the render-only X thread and Reddit submission. */
export const RENDER_TARGETS = RENDER_TARGET_IDS;

/**
 * One post rendered for one target: the text a reader sees and what goes with it — the exact request
 * for a publish platform, the numbered parts of a thread, or a submission to paste.
 */
export interface Preview {
  file: string;
  target: RenderTargetId;
  title: string;
  /** The rendered text; for a thread the parts joined by blank lines. */
  text: string;
  /** request: a publish platform's payload · thread: parts to post · submission: a title and body to paste · skipped: the platform does not take this post. */
  kind: 'request' | 'thread' | 'submission' | 'skipped';
  /** Threads only: the numbered parts, each within the platform's length as it counts it. */
  parts?: string[];
  /** Threads a platform posts: each part with its length as the platform counts it. */
  partViews?: PartView[];
  request?: { endpoint: string; payload: unknown; parts?: PartView[] };
  notes: string[];
}

/** A thread rendered for pasting, split to fit as its target counts and numbered. */
export function renderThread(post: Post, targetId: RenderTargetId, setup: RenderSetup): string[] {
  const fit = renderTargetFor(targetId).fitThread?.(threadTools, {});
  return threadTools.splitThread(renderThreadParts(post, targetId, setup), fit ? { maxLength: fit.maxLength, measure: fit.measure, maxBytes: fit.maxBytes } : {});
}

export function renderPreview(post: Post, targetId: RenderTargetId, setup: RenderSetup, ctx: Pick<RunContext, 'env'>): Preview {
  const target = renderTargetFor(targetId);
  const base = { file: post.displayPath, target: targetId, notes: [] as string[] };
  if (target.shape === 'thread' && !isPlatformId(targetId)) {
    const parts = renderThread(post, targetId, setup);
    return { ...base, kind: 'thread', title: post.frontMatter.title, text: parts.join('\n\n'), parts };
  }
  if (!isPlatformId(targetId)) {
    const { fields, body } = renderArticle(post, targetId, setup);
    return { ...base, kind: 'submission', title: fields.title, text: body };
  }
  const ready = preparePost(post, adapterFor(targetId), setup, ctx.env);
  if (ready.kind === 'skip') {
    return { ...base, kind: 'skipped', title: ready.rendered.title, text: ready.rendered.body, notes: [ready.reason] };
  }
  const { rendered, prepared } = ready;
  if (prepared.parts) {
    const parts = prepared.parts.map((part) => part.text);
    return { ...base, kind: 'thread', title: rendered.title, text: parts.join('\n\n'), parts, partViews: prepared.parts, request: { endpoint: prepared.endpoint, payload: prepared.payload, parts: prepared.parts }, notes: prepared.notes };
  }
  return {
    ...base,
    kind: 'request',
    title: rendered.title,
    text: rendered.body,
    request: { endpoint: prepared.endpoint, payload: prepared.payload },
    notes: prepared.notes,
  };
}

/** Renders every post for every target; no credentials, no network. Problems are gathered, then thrown together. */
export async function buildPreviews(files: string[], targets: RenderTargetId[], configPath: string | undefined, ctx: Pick<RunContext, 'cwd' | 'env'>): Promise<Preview[]> {
  const { posts, setup, problems } = await loadInputs({ paths: files, configPath }, ctx);
  await loadThreadKit(targets.map(renderTargetFor));
  const previews: Preview[] = [];
  for (const post of posts) {
    for (const target of targets) {
      try {
        previews.push(renderPreview(post, target, setup, ctx));
      } catch (error) {
        addProblem(problems, error);
      }
    }
  }
  if (problems.length > 0) throw new InputProblems(problems);
  return previews;
}

/** Writes <out>/<post>/<target>.{md,txt} and beside it <target>.request.json, .parts.json or .submission.json. Returns the paths. */
export async function writePreviews(previews: Preview[], outDir: string, displayOutDir: string): Promise<string[]> {
  await ensureFolder(outDir, displayOutDir);
  const written: string[] = [];
  const folders = previewFolders(previews.map((preview) => preview.file));
  for (const preview of previews) {
    const target = renderTargetFor(preview.target);
    const folder = path.join(outDir, folders.get(preview.file)!);
    await mkdir(folder, { recursive: true });
    const textFile = path.join(folder, `${preview.target}.${target.body.format === 'plain' ? 'txt' : 'md'}`);
    const heading = preview.kind === 'submission' ? `Title: ${preview.title}\n\n` : '';
    await writeFile(textFile, `${heading}${preview.text.replace(/\n*$/, '\n')}`);
    written.push(textFile);
    const [suffix, data] = preview.request
      ? ['request', preview.request]
      : preview.parts
        ? ['parts', preview.parts]
        : ['submission', { title: preview.title, body: preview.text }];
    const jsonFile = path.join(folder, `${preview.target}.${suffix}.json`);
    await writeFile(jsonFile, `${JSON.stringify(data, null, 2)}\n`);
    written.push(jsonFile);
  }
  return written;
}

/**
 * Each post's own folder under --out: its name (a page bundle's folder name, not `index`), or its whole
 * path where two posts of the run share a name, so no preview overwrites another.
 */
export function previewFolders(files: readonly string[]): Map<string, string> {
  const nameOf = (file: string): string => {
    const segments = file.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
    const last = (segments.pop() ?? 'post').replace(/\.[^.]+$/, '');
    return /^_?index$/i.test(last) && segments.length > 0 ? segments.at(-1)! : last;
  };
  const unique = [...new Set(files)];
  const names = unique.map(nameOf);
  return new Map(unique.map((file, index) => {
    const shared = names.filter((name) => name === names[index]).length > 1;
    return [file, shared ? path.join(...file.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.' && segment !== '..')).replace(/\.[^.]+$/, '') : names[index]!];
  }));
}

/** `--out` must be a folder (created when missing): a file in its place is the user's to fix, not a crash. */
async function ensureFolder(dir: string, display: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new XpostError('USAGE', `--out ${display}: is a file, not a folder`, { hint: 'Pass a folder for the previews (it is created when missing).' });
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new XpostError('USAGE', `--out ${display}: the folder cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'Pass a folder you can write to.',
    });
  }
}
