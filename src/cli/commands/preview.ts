import path from 'node:path';
import { buildPreviews, RENDER_TARGETS, writePreviews } from '../../core/preview.js';
import { EXIT_CODES } from '../../errors/xpost-error.js';
import { runCommand } from '../command-context.js';
import { parsePlatformList } from '../platform-list.js';
import type { Terminal } from '../terminal.js';

export interface PreviewFlags {
  to?: string;
  out: string;
  config?: string;
  json: boolean;
}

/** `xpost preview`: per platform, the rendered text and the exact request as files; no credentials, no network. */
export function runPreviewCommand(files: string[], flags: PreviewFlags, terminal: Terminal, cwd: string): Promise<number> {
  return runCommand(terminal, cwd, flags, async ({ env, redact }) => {
    const requested = flags.to === undefined ? 'all' : parsePlatformList(flags.to, RENDER_TARGETS, '--to');
    const targets = requested === 'all' ? [...RENDER_TARGETS] : requested;
    const previews = await buildPreviews(files, targets, flags.config, { cwd, env });
    const outDir = path.resolve(cwd, flags.out);
    const written = await writePreviews(previews, outDir, flags.out);
    const relative = written.map((file) => path.relative(cwd, file));
    if (flags.json) {
      terminal.stdout.write(redact(`${JSON.stringify({ files: relative, previews }, null, 2)}\n`));
      return EXIT_CODES.ok;
    }
    for (const preview of previews) {
      const size = preview.parts ? `${preview.parts.length} parts` : `${preview.text.length} characters`;
      terminal.stdout.write(redact(`${preview.file} → ${preview.target}: ${size}${preview.notes.length ? ` (${preview.notes.join('; ')})` : ''}\n`));
    }
    terminal.stdout.write(`wrote ${relative.length} files to ${path.relative(cwd, outDir) || '.'}\n`);
    return EXIT_CODES.ok;
  });
}
