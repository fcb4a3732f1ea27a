import type { PrerenderedHelp } from './quick-answer.js';

/**
 * Every command's help text, rendered by commander at build time. Undefined when xpost runs from its
 * sources: the CLI build (build/help-text.ts, via build/plugins.ts) replaces this module with the texts.
 */
export const PRERENDERED_HELP: readonly PrerenderedHelp[] | undefined = undefined;
