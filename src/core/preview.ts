import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputProblems } from '../errors/xpost-error.js';
import { PUBLISH_PLATFORM_IDS } from '../platforms/ids.js';
import { adapterFor } from '../platforms/registry.js';
import type { RunContext } from './context.js';
import { loadInputs } from './inputs.js';
import type { Post } from './load-post.js';
import { addProblem, preparePost } from './prepare.js';
import { renderReddit, renderThreadParts, type RenderSetup } from './render.js';
import { splitThread } from './thread.js';

/** Everything xpost can render: the four publish platforms plus the render-only X thread and Reddit submission. */
export const RENDER_TARGETS = [...PUBLISH_PLATFORM_IDS, 'x', 'reddit'] as const;
export type RenderTarget = (typeof RENDER_TARGETS)[number];

/** One post rendered for one target: the text a reader sees and, for publish platforms, the exact request. */
export interface Preview {
  file: string;
  target: RenderTarget;
  title: string;
  /** The rendered text; for X the parts joined by blank lines. */
  text: string;
  /** X only: the numbered parts, each within 280 characters as X counts them. */
  parts?: string[];
  request?: { endpoint: string; payload: unknown };
  notes: string[];
}

/** The X thread, split to fit and numbered. Lives here, not in render.ts, so publishing never loads twitter-text. */
export function renderThread(post: Post, setup: RenderSetup): string[] {
  return splitThread(renderThreadParts(post, setup));
}

export function renderPreview(post: Post, target: RenderTarget, setup: RenderSetup, ctx: Pick<RunContext, 'env'>): Preview {
  if (target === 'x') {
    const parts = renderThread(post, setup);
    return { file: post.displayPath, target, title: post.frontMatter.title, text: parts.join('\n\n'), parts, notes: [] };
  }
  if (target === 'reddit') {
    const submission = renderReddit(post, setup);
    return { file: post.displayPath, target, title: submission.title, text: submission.body, notes: [] };
  }
  const ready = preparePost(post, adapterFor(target), setup, ctx.env);
  if (ready.kind === 'skip') {
    return { file: post.displayPath, target, title: ready.rendered.title, text: ready.rendered.body, notes: [ready.reason] };
  }
  const { rendered, prepared } = ready;
  return {
    file: post.displayPath,
    target,
    title: rendered.title,
    text: rendered.body,
    request: { endpoint: prepared.endpoint, payload: prepared.payload },
    notes: prepared.notes,
  };
}

/** Renders every post for every target; no credentials, no network. Problems are gathered, then thrown together. */
export async function buildPreviews(files: string[], targets: RenderTarget[], configPath: string | undefined, ctx: Pick<RunContext, 'cwd' | 'env'>): Promise<Preview[]> {
  const { posts, setup, problems } = await loadInputs({ paths: files, configPath }, ctx);
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

/** Writes <out>/<post>/<target>.{md,txt} and, where there is a request, <target>.request.json. Returns the paths. */
export async function writePreviews(previews: Preview[], outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const preview of previews) {
    const folder = path.join(outDir, path.basename(preview.file).replace(/\.[^.]+$/, ''));
    await mkdir(folder, { recursive: true });
    const extension = preview.target === 'linkedin' || preview.target === 'x' ? 'txt' : 'md';
    const textFile = path.join(folder, `${preview.target}.${extension}`);
    const heading = preview.target === 'reddit' ? `Title: ${preview.title}\n\n` : '';
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
