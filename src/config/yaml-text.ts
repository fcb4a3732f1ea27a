import { LineCounter, parseDocument } from 'yaml';
import { XpostError } from '../errors/xpost-error.js';

/**
 * Parses a YAML config file, naming the line of a syntax error. A module of its own so it can be
 * imported lazily: the bundler keeps named imports of this CommonJS package only in static imports.
 */
export function parseYamlConfig(text: string, display: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [first] = document.errors;
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new XpostError('CONFIG_INVALID', `${display}:${line}: YAML error at line ${line}: ${first.message.split('\n')[0]}`, {
      file: display,
      hint: 'Fix the YAML syntax; quote values that contain ": ".',
    });
  }
  return document.toJS() ?? {};
}
