import { buildPreviews, RENDER_TARGETS, type Preview } from '../../core/preview.js';
import { EXIT_CODES, XpostError } from '../../errors/xpost-error.js';
import { runCommand } from '../command-context.js';
import { parsePlatformList } from '../platform-list.js';
import { adapterFor, isPlatformId } from '../../platforms/registry.js';
import type { PartView } from '../../platforms/types.js';
import { partLength } from '../reporter.js';
import type { Terminal } from '../terminal.js';

export interface RenderFlags {
  platform?: string;
  config?: string;
  json: boolean;
}

/** `xpost render post.md --platform x`: the rendered text, ready to paste. */
export function runRenderCommand(file: string, flags: RenderFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, flags, async ({ env, redact }) => {
    if (!flags.platform) {
      throw new XpostError('USAGE', 'choose what to render with --platform', { hint: `One of: ${RENDER_TARGETS.join(', ')}.` });
    }
    const requested = parsePlatformList(flags.platform, RENDER_TARGETS, '--platform');
    const target = requested === 'all' ? undefined : requested[0];
    if (!target || requested.length !== 1) {
      throw new XpostError('USAGE', '--platform takes exactly one platform', { hint: `One of: ${RENDER_TARGETS.join(', ')}.` });
    }
    const [preview] = await buildPreviews([file], [target], flags.config, { cwd, env });
    if (!preview) return EXIT_CODES.ok;
    terminal.stdout.write(redact(flags.json ? `${JSON.stringify(jsonOf(preview), null, 2)}\n` : humanOf(preview)));
    return EXIT_CODES.ok;
  });
}

function jsonOf(preview: Preview): unknown {
  if (preview.partViews && preview.request) return { platform: preview.target, title: preview.title, parts: preview.partViews, request: { endpoint: preview.request.endpoint, payload: preview.request.payload } };
  if (preview.parts) return preview.parts;
  return { platform: preview.target, title: preview.title, body: preview.text, ...(preview.request ? { request: preview.request } : {}) };
}

/** A thread is shown part by part with a rule between them, so each can be copied on its own. */
function humanOf(preview: Preview): string {
  if (preview.partViews) return `${preview.partViews.map((part, index) => describedPart(preview, part, index)).join('\n\n────────\n\n')}\n`;
  if (preview.parts) return `${preview.parts.join('\n\n────────\n\n')}\n`;
  if (preview.kind === 'submission') return `Title: ${preview.title}\n\n${preview.text}`;
  return preview.text;
}

/** A part a platform posts: its length as the platform counts it, its text, then what goes with it (links, tags, card) as sent. */
function describedPart(preview: Preview, part: PartView, index: number): string {
  const request = (preview.request?.payload as { parts?: unknown[] } | undefined)?.parts?.[index];
  const bodyFields = new Set(isPlatformId(preview.target) ? adapterFor(preview.target).bodyFields : []);
  const extras = request === undefined ? '' : `\n\n${JSON.stringify(request, (key, value: unknown) => (bodyFields.has(key) ? undefined : value), 2)}`;
  return `[${index + 1}/${preview.partViews?.length ?? 0} · ${partLength(part)}]\n${part.text}${extras}`;
}
