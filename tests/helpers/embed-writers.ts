import type { MarkdownStyle } from '../../src/core/body.js';
import type { EmbedWriter } from '../../src/core/embeds.js';
import { renderTargetFor, type RenderTargetId } from '../../src/platforms/registry.js';

/** The Markdown style a platform declares: tests write embeds exactly as that platform's copy would. */
export function markdownStyleOf(target: RenderTargetId): MarkdownStyle {
  const { body } = renderTargetFor(target);
  if (body.format !== 'markdown') throw new Error(`${target} receives plain text, not Markdown`);
  return body.style;
}

export const devtoEmbed: EmbedWriter = (embed) => markdownStyleOf('devto').embed(embed);
export const hashnodeEmbed: EmbedWriter = (embed) => markdownStyleOf('hashnode').embed(embed);
export const mediumEmbed: EmbedWriter = (embed) => markdownStyleOf('medium').embed(embed);
