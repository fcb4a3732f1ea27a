import { XpostError } from '../errors/xpost-error.js';
import type { Env, PlatformAdapter, PlatformSettings } from '../platforms/types.js';

/** Every required variable that is unset, for every selected platform, so they can be reported together. */
export function missingCredentials(adapters: readonly PlatformAdapter[], env: Env, settingsOf: (adapter: PlatformAdapter) => PlatformSettings): XpostError[] {
  const problems: XpostError[] = [];
  for (const adapter of adapters) {
    for (const credential of adapter.credentials) {
      if (!credential.required || env[credential.env]?.trim()) continue;
      if (credential.setting && settingsOf(adapter)[credential.setting] !== undefined) continue;
      problems.push(
        new XpostError('MISSING_CREDENTIAL', `${credential.env} is not set (needed to publish to ${adapter.name})`, {
          hint: `${credential.howToGet}, then put it in the environment or in .env. Use --dry-run to preview without credentials.`,
        }),
      );
    }
  }
  return problems;
}

/** Every secret value of every platform, so that none can leave the process unmasked. */
export function secretValues(adapters: readonly PlatformAdapter[], env: Env): string[] {
  return adapters.flatMap((adapter) =>
    adapter.credentials.filter((credential) => credential.secret).map((credential) => env[credential.env] ?? ''),
  );
}
