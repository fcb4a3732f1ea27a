import { access } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parseYamlText } from '../config/yaml-text.js';
import { isRecord } from './front-matter-text.js';
import { MAX_CONFIG_BYTES, readRegularFile } from './read-file.js';

/** Helpers for reading a generator's own files; a file that is missing, too large or broken reads as absent. */

export async function pathExists(root: string, relative: string): Promise<boolean> {
  return access(path.join(root, relative)).then(
    () => true,
    () => false,
  );
}

export async function firstExisting(root: string, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await pathExists(root, candidate)) return candidate;
  return undefined;
}

export async function readSiteText(root: string, relative: string): Promise<string | undefined> {
  const read = await readRegularFile(path.join(root, relative), MAX_CONFIG_BYTES);
  if (!read.ok) return undefined;
  return read.bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** A TOML, YAML or JSON data file (by extension) as a record. */
export async function readDataFile(root: string, relative: string): Promise<Record<string, unknown> | undefined> {
  const text = await readSiteText(root, relative);
  if (text === undefined) return undefined;
  try {
    const data: unknown = relative.endsWith('.toml') ? parseToml(text) : relative.endsWith('.json') ? JSON.parse(text) : yamlData(text);
    return isRecord(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function yamlData(text: string): unknown {
  const parsed = parseYamlText(text);
  return parsed.ok ? parsed.data : undefined;
}

/** A key of a generator config, matched case-insensitively as Hugo does. */
export function keyOf(record: Record<string, unknown>, key: string): unknown {
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

/** A string literal assigned to one of the keys in JavaScript config text (`siteUrl: "https://…"`); the config is never run. */
export function jsStringValue(text: string, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const match = new RegExp(`(?:^|[\\s{,])["']?${key}["']?\\s*[:=]\\s*(["'\`])([^"'\`$]+)\\1`, 'm').exec(text);
    if (match) return match[2]!.trim();
  }
  return undefined;
}

/** Hosts that stand for no real site: a local server, or the example.com/org/net placeholder of a starter's config. */
const PLACEHOLDER_HOSTS = /^(localhost|127(?:\.\d+){3}|\[::1\]|0\.0\.0\.0|example\.(?:com|org|net))$/i;

/** The site's public http(s) URL as its config states it; a local address or a starter's placeholder is none. */
export function siteUrlOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && !PLACEHOLDER_HOSTS.test(url.hostname) ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** `./content/blog/` → `content/blog`. */
export function cleanRelative(folder: string): string {
  return folder.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+|\/+$/g, '');
}
