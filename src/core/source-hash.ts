import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from './fingerprint.js';
import type { Post } from './load-post.js';
import type { RenderSetup } from './render.js';
import { TEMPLATE_FILES } from './templates.js';

/**
 * What every copy of every post is rendered from besides the post itself: the config and the
 * user's templates. Computed once per run.
 */
export function setupFingerprint(setup: RenderSetup): string {
  const userDir = setup.config.templates ? path.resolve(setup.configDir, setup.config.templates) : undefined;
  const templates: Record<string, string> = {};
  for (const fileName of Object.values(TEMPLATE_FILES)) {
    const file = userDir ? path.join(userDir, fileName) : undefined;
    // Only a regular file is a template; anything else in its place is reported when the template is loaded.
    if (file && statSync(file, { throwIfNoEntry: false })?.isFile()) templates[fileName] = readFileSync(file, 'utf8');
  }
  return contentHash({ config: setup.config, templates });
}

/**
 * A cheap fingerprint of a post's sources (its file and the run's setup), recorded with each copy.
 * Equal means the copy is certainly up to date, so `xpost status` need not render the post; a
 * different one only means "render and compare the content hash".
 */
export function sourceHash(post: Post, fingerprintOfSetup: string): string {
  return `sha256:${createHash('sha256').update(post.source).update('\0').update(fingerprintOfSetup).digest('hex')}`;
}

/** The post's text alone, without front matter: the same after a move, a rename or a front matter edit. */
export function bodyFingerprint(post: Post): string {
  return `sha256:${createHash('sha256').update(post.body.trim()).digest('hex')}`;
}
