import { XpostError } from '../errors/xpost-error.js';

/** "devto, Hashnode" → ids (deduplicated); "all" → 'all'; an unknown id is an error listing the valid ones. */
export function parsePlatformList<T extends string>(value: string, valid: readonly T[], option: string): T[] | 'all' {
  const requested = value.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean);
  if (requested.length === 0) {
    throw new XpostError('USAGE', `${option} needs at least one platform`, { hint: `Platforms: ${valid.join(', ')}, or all.` });
  }
  if (requested.includes('all')) return 'all';
  const unknown = requested.filter((id) => !(valid as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new XpostError('UNKNOWN_PLATFORM', `unknown platform ${unknown.map((id) => `"${id}"`).join(', ')}`, {
      hint: `Valid platforms: ${valid.join(', ')}, or all.`,
    });
  }
  return [...new Set(requested as T[])];
}
