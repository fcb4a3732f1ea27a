/** The action's inputs, as GitHub passes them in the environment, turned into `xpost publish` arguments. */
export type Env = Readonly<Record<string, string | undefined>>;

/** GitHub passes input `dry-run` as INPUT_DRY-RUN: upper case, spaces as underscores, hyphens kept. */
function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function flag(env: Env, name: string): boolean {
  const value = input(env, name);
  if (value === 'true' || value === 'false') return value === 'true';
  // A typo must not turn a dry-run into a real publish.
  throw new Error(`input ${name} must be true or false, not "${value}"`);
}

/** The `xpost publish` arguments the inputs stand for; a pull request never publishes or pushes. */
export function publishArguments(env: Env): string[] {
  const paths = input(env, 'paths')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const platforms = input(env, 'platforms');
  const dryRun = flag(env, 'dry-run') || env['GITHUB_EVENT_NAME'] === 'pull_request';
  const extra = input(env, 'args').split(/\s+/).filter(Boolean);
  return [
    'publish',
    ...paths,
    ...(platforms ? ['--to', platforms] : []),
    ...(dryRun ? ['--dry-run'] : []),
    '--state',
    input(env, 'state') || '.xpost/state.json',
    ...(!dryRun && flag(env, 'commit-state') ? ['--commit-state'] : []),
    ...extra,
  ];
}
