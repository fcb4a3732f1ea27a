import { appendFileSync } from 'node:fs';
import type { PublishResult } from '../core/context.js';
import { escapeTableCell as cell, escapeWorkflowData as escapeData, escapeWorkflowProperty as escapeProperty } from '../http/redact.js';
import { adapterFor } from '../platforms/registry.js';
import type { Env } from '../platforms/types.js';

/**
 * `::error file=…::` lines, which GitHub shows on the run page and next to the post's file. The caller
 * masks them whole: the redactor knows each secret's escaped forms, so masking comes last.
 */
export function errorAnnotations(results: PublishResult[]): string[] {
  return results
    .filter((result) => result.status === 'failed')
    .map((result) => {
      const title = `xpost: ${adapterFor(result.platform).name} failed`;
      const message = [result.error, result.hint].filter(Boolean).join(' → ');
      return `::error file=${escapeProperty(result.file)},title=${escapeProperty(title)}::${escapeData(message)}`;
    });
}

const STATUS_ICON: Record<PublishResult['status'], string> = {
  published: '✅',
  updated: '🔄',
  unchanged: '➖',
  skipped: '⏭️',
  scheduled: '🗓️',
  failed: '❌',
  'dry-run': '👀',
};


/** A Markdown table of the run for the job summary page, one row per post and platform, with links. */
export function stepSummary(results: PublishResult[], dryRun: boolean): string {
  const rows = results.map((result) => {
    const where = result.url ? `[${cell(result.url)}](${result.url})` : '';
    const detail = result.status === 'failed' ? (result.error ?? '') : (result.message ?? '');
    return `| ${cell(result.file)} | ${adapterFor(result.platform).name} | ${STATUS_ICON[result.status]} ${result.status} | ${where} | ${cell(detail)} |`;
  });
  return [
    `### xpost ${dryRun ? 'dry run' : 'publish'}`,
    '',
    '| Post | Platform | Result | Link | Details |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '',
  ].join('\n');
}

/** Appends to $GITHUB_STEP_SUMMARY when the job has one; a summary that cannot be written never fails the run. */
export function writeStepSummary(env: Env, markdown: string): void {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (!file) return;
  try {
    appendFileSync(file, markdown);
  } catch {
    // The summary is a convenience; the results were already printed and recorded.
  }
}
