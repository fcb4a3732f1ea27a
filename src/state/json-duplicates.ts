/** A key written twice in one JSON object, where JSON.parse silently keeps only the last one. */
export interface DuplicateKey {
  key: string;
  lines: number[];
}

/** A string followed by a colon is always an object key in valid JSON. */
const KEY_TOKEN = /"(?:[^"\\]|\\.)*"\s*:/g;

/**
 * Finds a duplicated key in already-parsed JSON text. Counting keys in the text and in the parsed
 * value is enough to know there is none; only then is a full parser (with positions) loaded.
 */
export async function findDuplicateKey(text: string, parsed: unknown): Promise<DuplicateKey | undefined> {
  if ((text.match(KEY_TOKEN)?.length ?? 0) === countKeys(parsed)) return undefined;
  const { parse } = await import('@humanwhocodes/momoa');
  let found: DuplicateKey | undefined;
  const visit = (node: MomoaNode): void => {
    if (found) return;
    if (node.type === 'Object') {
      const seen = new Map<string, number>();
      for (const member of node.members) {
        const line = member.name.loc.start.line;
        const first = seen.get(member.name.value);
        if (first !== undefined) {
          found = { key: member.name.value, lines: [first, line] };
          return;
        }
        seen.set(member.name.value, line);
        visit(member.value);
      }
    } else if (node.type === 'Array') {
      for (const element of node.elements) visit(element.value);
    }
  };
  visit(parse(text).body as MomoaNode);
  return found;
}

type MomoaNode =
  | { type: 'Object'; members: Array<{ name: { value: string; loc: { start: { line: number } } }; value: MomoaNode }> }
  | { type: 'Array'; elements: Array<{ value: MomoaNode }> }
  | { type: 'String' | 'Number' | 'Boolean' | 'Null' };

function countKeys(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countKeys(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  for (const inner of Object.values(value)) count += 1 + countKeys(inner);
  return count;
}
