import type { Embed } from '../../core/embeds.js';
import type { UserSyntaxConfig } from './config.js';

/** Named and positional parameters of a shortcode, tag or component, as written (quotes removed). */
export interface SyntaxParams {
  named: Record<string, string>;
  positional: string[];
}

/** One replacement in the post body: [start, end) offsets in the body, and what goes there. */
export interface SyntaxEdit {
  start: number;
  end: number;
  text: string;
  /** Set when `text` is the address of an embed: the platform decides how to write it. */
  embed?: Embed;
  /** The same as HTML, for where Markdown would not be read: inside a block of raw HTML. */
  html?: string;
}

/** A line of the config file that would handle a construct: `name: value` under `shortcodes:` or `components:`. */
export interface ConfigEntry {
  section: 'shortcodes' | 'components';
  name: string;
  /** The YAML after `name: `, with its comment. */
  value: string;
}

/** Something in the body xpost cannot send: where (an offset in the body), what as written, and how to handle it. */
export interface SyntaxProblem {
  offset: number;
  message: string;
  /** The config entry that would handle it, when one would. */
  configEntry?: ConfigEntry;
  /** What to do, when it is not a config entry. */
  hint?: string;
}

/** What the scanners know about the post besides its text. */
export interface SyntaxContext {
  /** Process Liquid output `{{ … }}` (Jekyll, Eleventy); elsewhere `{{ … }}` is the author's own text. */
  liquidOutput: boolean;
  title: string;
  /** The post's front matter as written (unknown fields kept): `{{ page.X }}` and Eleventy's `{{ X }}` read it. */
  frontMatter?: Readonly<Record<string, unknown>>;
  siteUrl?: string;
  userSyntax?: UserSyntaxConfig;
  resolvePostReference?: (reference: string, kind: string) => string | undefined;
}

/** Something xpost changed that the author might not expect: where (an offset in the body) and what. */
export interface SyntaxNote {
  offset: number;
  message: string;
}

export interface SyntaxScan {
  edits: SyntaxEdit[];
  problems: SyntaxProblem[];
  notes: SyntaxNote[];
}
