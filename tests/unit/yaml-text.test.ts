import { parseDocument } from 'yaml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_YAML_ALIASES, parseYamlText } from '../../src/config/yaml-text.js';

/** What the yaml package alone makes of the text: parseYamlText must agree whichever parser it used. */
function yamlPackageOutcome(text: string): unknown {
  try {
    const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const [first] = document.errors;
    if (first) return { error: first.message.split('\n')[0] };
    return { data: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    return { thrown: (error as Error).constructor.name };
  }
}

function outcome(text: string): unknown {
  const parsed = parseYamlText(text);
  if (parsed.ok) return { data: parsed.data };
  return /too many aliases/.test(parsed.problem.message) ? { thrown: 'ReferenceError' } : /nested too deeply/.test(parsed.problem.message) ? { thrown: 'RangeError' } : { error: parsed.problem.message };
}

/** Values compared as JSON, with the numbers JSON cannot hold (-0, Infinity, NaN) spelled out. */
function comparable(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'number' && (!Number.isFinite(inner) || Object.is(inner, -0)) ? `number:${Object.is(inner, -0) ? '-0' : String(inner)}` : inner));
}

describe('parseYamlText', () => {
  // The yaml package warns on stderr about collection keys; the outcomes are what is compared here.
  beforeEach(() => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });

  it('reads plain front matter as the yaml package does: YAML 1.2 core scalars, dates as text', () => {
    const text = [
      '',
      'title: "Hello: world"',
      "subtitle: 'it''s'",
      'plain: It is #1, isn\'t it',
      'date: 2026-01-31',
      'time: 2026-01-31T09:30:00Z',
      'tags: [javascript, "node.js", 12]',
      'list:',
      '  - one',
      '  - 0x1F',
      'octal: 0o17',
      'leading_zero: 017',
      'underscored: 1_000',
      'sexagesimal: 1:30',
      'binary: 0b101',
      'float: 1.50',
      'exp: 1e3',
      'inf: -.inf',
      'nan: .NaN',
      'yes_no: yes',
      'booleans: [true, False, TRUE]',
      'nothing: ~',
      'empty:',
      'folded: >-',
      '  two',
      '  lines',
      'literal: |',
      '  kept',
      '',
      '  as is',
      'nested:',
      '  image: cover.png',
      '  alt: A cover',
      '',
    ].join('\n');
    expect(comparable(outcome(text))).toBe(comparable(yamlPackageOutcome(text)));
    expect(parseYamlText(text)).toMatchObject({ ok: true, data: { date: '2026-01-31', octal: 15, leading_zero: 17, underscored: '1_000', sexagesimal: '1:30', binary: '0b101', yes_no: 'yes' } });
  });

  it('keeps the yaml package\'s errors, lines, duplicate keys, alias limit and null keys', () => {
    for (const text of [
      '\ntitle: one\ntitle: two\n',
      '\ntitle: "never closed\nnext: x\n',
      '\na: b: c\n',
      '\nbase: &b x\nalias: *b\n',
      `\nlol: &a [x, x]\n${Array.from({ length: 12 }, (_, index) => `l${index}: &l${index} [*${index === 0 ? 'a' : `l${index - 1}`}, *${index === 0 ? 'a' : `l${index - 1}`}]`).join('\n')}\n`,
      '\n~: x\n',
      '\n[a, b]: x\n',
      '\n{a: 1}: x\n',
      "\n- 'a\nb'\n",
      '\ntags: [\nx, y\n]\n',
      '\nkey:\n\t- tab\n',
      '\n!!str 1: x\n',
    ]) {
      expect(comparable(outcome(text)), JSON.stringify(text)).toBe(comparable(yamlPackageOutcome(text)));
    }
  });

  it('agrees with the yaml package on thousands of generated documents', () => {
    const keys = ['title', 'a', '"q"', "'s'", '~', 'null', '1', '0x10', 'x y', '? k', '[a, b]', '{a: 1}', '<<', '__proto__', 'true', '-1', '.5', '', 'k&', 'a*b', 'Q!'];
    const values = [
      'x', '"a b"', "'c'", '12', '-0', '+12', '0o17', '017', '0x1F', '1_000', '1:30', '1e3', '.inf', '-.Inf', '.nan', 'true', 'yes', 'No', '~', 'null', '',
      '2024-01-01', '2024-01-01T10:00:00Z', '[a, b]', '[]', '{}', '{a: 1}', '"multi\n  line"', '"unterm', "'it''s'", '"esc \\u00e9 \\x41 \\N"', '|\n  block\n  text\n',
      '>-\n  folded\n  text\n', '|+\n  kept\n\n', '|2\n   indented\n', '&a x', '*a', '!!str 1', 'a # c', 'a#b', '- nested', 'a: b', '"x" y', '@at', '`tick', '%p',
      '0.0', '1.', '00', '+.5', '- [a]', '[a,\n b]', '[a,\nb]', '"a\nb"', "'a\nb'", 'x\n  cont', 'x\ncont', '\t x', 'é', '0b101', '12e', '"\\t"', 'Q&A', '**bold**',
      'Hello!', 'a - *b*', '"a" "b"', '[a, [b, c]]', '[a, {b: c}]', '...', '---', 'x ...', 'key: [a, b] # c',
    ];
    const indents = ['', '  ', '    ', '\t'];
    let seed = 20_261_130;
    const random = (limit: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % limit;
    };
    const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;
    for (let round = 0; round < 4000; round += 1) {
      const lines: string[] = [];
      for (let line = 0, count = 1 + random(5); line < count; line += 1) {
        const kind = random(10);
        if (kind < 6) lines.push(`${line > 0 ? pick(indents) : ''}${pick(keys)}: ${pick(values)}`);
        else if (kind < 8) lines.push(`${pick(indents)}- ${pick(values)}`);
        else lines.push(`${pick(indents)}${pick(keys)}:`);
      }
      const text = `\n${lines.join('\n')}\n`;
      expect(comparable(outcome(text)), JSON.stringify(text)).toBe(comparable(yamlPackageOutcome(text)));
    }
  });

  it('agrees with the yaml package on generated front matter of the usual shapes: nested maps, lists, scalars of every kind', () => {
    const scalars = [
      'plain text', 'It is #1', 'a: b', 'x #comment', '"double \\" quoted"', "'single ''quoted'''", '42', '-7', '+3', '007', '0o14', '0x2a', '3.14', '-.5', '1e-3', '6.02E23',
      '.inf', '-.INF', '.nan', 'true', 'False', 'yes', 'off', '~', 'null', 'NULL', '', '2026-02-30', '2026-01-31 09:30:00 +01:00', '1_000', '12:30:00', 'https://example.com/a?b=c#d',
      'café ☕', '"\\u00e9\\t\\\\"', '[a, b, "c d"]', '[1, 2.5, true, ~]', '[]', '>\n  folded text\n  over lines', '|-\n  literal\n    indented', '|\n  trailing\n\n', 'x\n  continued plain',
    ];
    const words = ['title', 'description', 'tags', 'cover', 'image', 'date', 'draft', 'slug', 'author', 'name', 'canonical_url', 'series', 'weight', 'x', 'Key With Spaces', 'key-dash', 'key.dot'];
    let seed = 424_242;
    const random = (limit: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % limit;
    };
    const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;
    const indentBlock = (text: string, by: string) => text.split('\n').map((line, index) => (index === 0 || line === '' ? line : `${by}${line}`)).join('\n');
    const node = (depth: number, indent: string): string => {
      const kind = depth > 2 ? 0 : random(4);
      if (kind === 1) return `\n${Array.from({ length: 1 + random(3) }, () => `${indent}- ${indentBlock(pick(scalars), `${indent}  `)}`).join('\n')}`;
      if (kind === 2) return `\n${mapping(depth + 1, `${indent}  `)}`;
      return ` ${indentBlock(pick(scalars), `${indent}  `)}`;
    };
    const mapping = (depth: number, indent: string): string => {
      const used = new Set<string>();
      const entries: string[] = [];
      for (let entry = 0, count = 1 + random(4); entry < count; entry += 1) {
        const key = pick(words);
        if (used.has(key)) continue;
        used.add(key);
        entries.push(`${indent}${key}:${node(depth, indent)}`);
      }
      return entries.join('\n');
    };
    for (let round = 0; round < 2000; round += 1) {
      const text = `\n${mapping(0, '')}\n`;
      expect(comparable(outcome(text)), JSON.stringify(text)).toBe(comparable(yamlPackageOutcome(text)));
    }
  });
});
