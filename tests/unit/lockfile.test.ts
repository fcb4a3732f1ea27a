import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface LockPackage {
  optionalDependencies?: Record<string, string>;
  os?: string[];
}

describe('package-lock.json', () => {
  // `npm ci` installs exactly the lock: an optional platform package missing from it (rollup's and esbuild's
  // native builds) makes `npm ci` fail with npm 11 and on every other operating system.
  it('lists every optional platform package of every dependency, for every operating system', () => {
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockPackage> };
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    const missing: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = where ? `${where}/node_modules/${dependency}` : `node_modules/${dependency}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${dependency}`]) missing.push(`${dependency} (for ${where || 'the root'})`);
      }
    }
    expect(missing).toEqual([]);
    const systems = new Set(Object.values(lock.packages).flatMap((entry) => entry.os ?? []));
    for (const system of ['linux', 'darwin', 'win32']) expect(systems).toContain(system);
  });
});
