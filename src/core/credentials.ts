import { XpostError } from '../errors/xpost-error.js';
import { MIN_SECRET_LENGTH } from '../http/redact.js';
import type { Env, PlatformAdapter, PlatformSettings } from '../platforms/types.js';

/**
 * Every required variable that is unset, and every secret too short to be a real token (it could
 * not be masked safely in xpost's output), for every selected platform, reported together.
 */
export function missingCredentials(adapters: readonly PlatformAdapter[], env: Env, settingsOf: (adapter: PlatformAdapter) => PlatformSettings): XpostError[] {
  const problems: XpostError[] = [];
  for (const adapter of adapters) {
    for (const credential of adapter.credentials) {
      const value = env[credential.env]?.trim();
      if (credential.secret && value && value.length < MIN_SECRET_LENGTH) {
        problems.push(
          new XpostError('CREDENTIAL_INVALID', `${credential.env} is ${value.length} characters long, too short to be a real ${adapter.name} token`, {
            hint: `Check its value (${credential.howToGet}); xpost refuses secrets under ${MIN_SECRET_LENGTH} characters because they could not be masked safely.`,
          }),
        );
        continue;
      }
      if (!credential.required || value) continue;
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
  return adapters.flatMap((adapter) => adapter.credentials.filter((credential) => credential.secret).map((credential) => env[credential.env] ?? ''));
}
