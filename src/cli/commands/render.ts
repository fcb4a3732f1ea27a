import { buildPreviews, RENDER_TARGETS, type Preview } from '../../core/preview.js';
import { EXIT_CODES, XpostError } from '../../errors/xpost-error.js';
import { runCommand } from '../command-context.js';
import { parsePlatformList } from '../platform-list.js';
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
  if (preview.parts) return preview.parts;
  return { platform: preview.target, title: preview.title, body: preview.text, ...(preview.request ? { request: preview.request } : {}) };
}

/** A thread is shown part by part with a rule between them, so each can be copied on its own. */
function humanOf(preview: Preview): string {
  if (preview.parts) return `${preview.parts.join('\n\n────────\n\n')}\n`;
  if (preview.kind === 'submission') return `Title: ${preview.title}\n\n${preview.text}`;
  return preview.text;
}
