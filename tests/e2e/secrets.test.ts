/**
 * Credentials never leave the process unmasked: every failure path is driven with distinctive fake
 * tokens, the platforms echo the tokens back in their error messages (raw and URL-encoded), and
 * stdout, stderr, the --json document, the --debug output and every file in the workspace are searched.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test as base } from 'vitest';
import { startPlatformServer, type Fault, type FaultMatch, type PlatformName as EmulatedPlatform, type PlatformServer } from '../helpers/platform-server.js';
import { makeWorkspace, runCli, xpostEnv, type CliResult, type PostSpec, type Workspace } from '../helpers/run-cli.js';

const LINKEDIN_VERSION = '202610';
/** The marker every fake token carries: finding it anywhere, whole or in part, is a leak. */
const MARKER = 'S3CR3T';
const SECRETS: Record<PlatformName, string> = {
  devto: `test-devto-key-${MARKER}-x1`,
  // '/', '+' and '=' change under URL encoding, so its encoded form is a different string to mask.
  hashnode: `test/hashnode+token=${MARKER}`,
  medium: `test-medium-token-${MARKER}-x3`,
  linkedin: `test-linkedin-token-${MARKER}-x4`,
};
const PLATFORMS = ['devto', 'hashnode', 'medium', 'linkedin'] as const satisfies readonly EmulatedPlatform[];
/** The platforms this suite covers (the emulator also knows the thread platforms). */
type PlatformName = (typeof PLATFORMS)[number];

const POST: PostSpec = {
  frontMatter: {
    title: 'Keeping secrets',
    description: 'No token may ever be printed',
    tags: ['security'],
    canonical_url: 'https://blog.example.com/posts/secrets/',
  },
  body: 'Tokens belong in the environment, not in logs.\n',
};

const FAST_ENV: Record<string, string> = {
  XPOST_TIMEOUT_MS: '800',
  XPOST_RETRY_MAX_ATTEMPTS: '2',
  XPOST_RETRY_BASE_MS: '5',
  XPOST_RETRY_MAX_WAIT_MS: '2000',
  XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION,
};

const CREATE: Record<PlatformName, FaultMatch> = {
  devto: { platform: 'devto', method: 'POST', path: '/api/articles' },
  hashnode: { platform: 'hashnode', operation: 'publishPost' },
  medium: { platform: 'medium', method: 'POST', path: /^\/v1\/users\/[^/]+\/posts$/ },
  linkedin: { platform: 'linkedin', method: 'POST', path: '/rest/posts' },
};

/** The token as a careless platform might echo it: raw and URL-encoded. */
function echo(platform: PlatformName): string {
  return `${SECRETS[platform]} (${encodeURIComponent(SECRETS[platform])})`;
}

const HASHNODE_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_SERVER_ERROR' };

/** Each platform's error body shape, carrying the echoed token. */
function errorBody(platform: PlatformName, status: number, message: string): unknown {
  switch (platform) {
    case 'devto':
      return { error: message, status };
    case 'hashnode':
      return { errors: [{ message, extensions: { code: HASHNODE_CODES[status] ?? 'BAD_USER_INPUT' } }] };
    case 'medium':
      return { errors: [{ message, code: 6000 + status }] };
    case 'linkedin':
      return { status, serviceErrorCode: 65600, message };
  }
}

/** A way a platform call can fail; `faults` gives undefined where the path does not exist on that platform. */
interface FailurePath {
  name: string;
  faults: (platform: PlatformName) => Fault[] | undefined;
  /** The platform echoes the token, so the output must show the mask where the token would be. */
  echoesToken: boolean;
}

const statusPath = (status: number, text: string): FailurePath => ({
  name: String(status),
  faults: (platform) => [{ kind: 'status', status, body: errorBody(platform, status, `${text} ${echo(platform)}`) }],
  echoesToken: true,
});

const PATHS = {
  unauthorized: statusPath(401, 'Invalid access token'),
  forbidden: statusPath(403, 'Not enough permissions for'),
  unprocessable: statusPath(422, 'Validation failed for'),
  rateLimited: {
    name: '429 (retried once, then given up)',
    faults: (platform) => {
      const fault: Fault = {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '1' },
        body: errorBody(platform, 429, `Rate limit reached for ${echo(platform)}, try again in 1 seconds`),
      };
      return [fault, fault];
    },
    echoesToken: true,
  },
  serverError: {
    name: '500',
    faults: (platform) => [
      platform === 'devto' || platform === 'linkedin'
        ? { kind: 'status', status: 500, body: `Internal Server Error while handling ${echo(platform)}\n` }
        : { kind: 'status', status: 500, body: errorBody(platform, 500, `Internal error for ${echo(platform)}`) },
    ],
    echoesToken: true,
  },
  timeout: { name: 'timeout', faults: () => [{ kind: 'hang' }], echoesToken: false },
  reset: { name: 'connection reset after the create', faults: () => [{ kind: 'drop-after-create' }], echoesToken: false },
  graphql: {
    name: 'GraphQL error',
    faults: (platform) => (platform === 'hashnode' ? [{ kind: 'graphql-error', code: 'BAD_USER_INPUT', message: `Invalid input from token ${echo('hashnode')}` }] : undefined),
    echoesToken: true,
  },
} satisfies Record<string, FailurePath>;

/**
 * Two failure paths per run, alternating across the platforms, and the run repeated with the
 * assignment swapped: every path meets every platform where it exists, in human or --json output.
 */
const PAIRS: Array<[FailurePath, FailurePath]> = [
  [PATHS.unauthorized, PATHS.forbidden],
  [PATHS.unprocessable, PATHS.serverError],
  [PATHS.rateLimited, PATHS.timeout],
  [PATHS.reset, PATHS.graphql],
];

const RUNS = PAIRS.flatMap((pair) =>
  [0, 1].map((swap) => {
    const assignment = Object.fromEntries(PLATFORMS.map((platform, index) => [platform, pair[(index + swap) % 2]!])) as Record<PlatformName, FailurePath>;
    const json = swap === 1;
    const label = PLATFORMS.map((platform) => `${platform} ${assignment[platform].faults(platform) ? assignment[platform].name : 'ok'}`).join(', ');
    return { label: `${label}${json ? ' (--json --debug)' : ' (--debug)'}`, assignment, args: json ? ['--json', '--debug'] : ['--debug'], json };
  }),
);

interface Harness {
  server: PlatformServer;
  workspace: Workspace;
  /** With the tokens in the environment, or (credentialsFromEnv false) with none: the test provides them. */
  xpost(args: string[], options?: { credentialsFromEnv?: boolean }): Promise<CliResult>;
}

const test = base.extend<{ harness: Harness }>({
  // Vitest reads which fixtures this one needs from the (here empty) destructuring pattern.
  harness: async ({}, use) => {
    const server = await startPlatformServer({
      devtoApiKey: SECRETS.devto,
      hashnodeToken: SECRETS.hashnode,
      mediumToken: SECRETS.medium,
      linkedinToken: SECRETS.linkedin,
      linkedinVersions: [LINKEDIN_VERSION],
    });
    const workspace = await makeWorkspace(POST);
    await use({
      server,
      workspace,
      xpost: (args, options = {}) =>
        runCli(args, { cwd: workspace.dir, env: { ...xpostEnv(server, { credentials: options.credentialsFromEnv ?? true }), ...FAST_ENV } }),
    });
    const emulatorErrors = [...server.emulatorErrors];
    await server.close();
    await workspace.remove();
    expect(emulatorErrors).toEqual([]);
  },
});

/** Every form of every token that must not appear. */
function forbiddenForms(): Array<{ label: string; text: string }> {
  const forms = PLATFORMS.flatMap((platform) => [
    { label: `${platform} token`, text: SECRETS[platform] },
    { label: `${platform} token, URL-encoded`, text: encodeURIComponent(SECRETS[platform]) },
    { label: `${platform} token, JSON-escaped`, text: JSON.stringify(SECRETS[platform]).slice(1, -1) },
  ]);
  return [...forms, { label: `any part of a token (${MARKER})`, text: MARKER }];
}

function expectNoSecret(where: string, text: string): void {
  for (const form of forbiddenForms()) {
    const at = text.indexOf(form.text);
    expect(at, `${form.label} found in ${where}: …${text.slice(Math.max(0, at - 80), at + 80)}…`).toBe(-1);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function expectNoSecretAnywhere(workspace: Workspace, result: CliResult, expected: { stateFile: boolean; besides?: string }): Promise<void> {
  expectNoSecret('stdout', result.stdout);
  expectNoSecret('stderr', result.stderr);
  const files = (await filesUnder(workspace.dir)).filter((file) => path.relative(workspace.dir, file) !== expected.besides);
  // A run that recorded failures wrote the state file: otherwise the scan would prove nothing about it.
  if (expected.stateFile) expect(files).toContain(workspace.statePath);
  for (const file of files) expectNoSecret(path.relative(workspace.dir, file), await readFile(file, 'utf8'));
}

/** The tokens really were sent (and rejected or echoed), so their absence from the output means something. */
function expectTokensSent(server: PlatformServer, platforms: readonly PlatformName[]): void {
  for (const platform of platforms) {
    const sent = server.requestsTo(platform).some((request) =>
      platform === 'devto' ? request.headers['api-key'] === SECRETS.devto : (request.headers['authorization'] ?? '').includes(SECRETS[platform]),
    );
    expect(sent, `${platform} was sent its token`).toBe(true);
  }
}

describe.concurrent('no credential appears in any output or file', () => {
  test.for(RUNS)('$label', async ({ assignment, args, json }, { harness }) => {
    const { server, workspace } = harness;
    let echoed = false;
    for (const platform of PLATFORMS) {
      const faults = assignment[platform].faults(platform) ?? [];
      for (const fault of faults) server.inject({ ...CREATE[platform], fault });
      echoed ||= faults.length > 0 && assignment[platform].echoesToken;
    }

    const result = await harness.xpost(['publish', workspace.postFile, '--to', 'all', ...args]);

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expectTokensSent(server, PLATFORMS);
    if (json) expect(() => JSON.parse(result.stdout) as unknown, result.stdout).not.toThrow();
    // --debug really printed the exchanges, so its output was searched too.
    expect(result.stderr).toMatch(/debug/i);
    if (echoed) expect(`${result.stdout}${result.stderr}`, 'the echoed token is shown masked').toContain('***');
    await expectNoSecretAnywhere(workspace, result, { stateFile: true });
  });

  test('tokens read from .env are masked too (401 echoing them, --debug)', async ({ harness }) => {
    const { server, workspace } = harness;
    const dotenv = [
      `DEVTO_API_KEY=${SECRETS.devto}`,
      `HASHNODE_TOKEN="${SECRETS.hashnode}"`,
      `HASHNODE_PUBLICATION_ID=${server.hashnode.publicationId}`,
      `MEDIUM_TOKEN=${SECRETS.medium}`,
      `LINKEDIN_ACCESS_TOKEN=${SECRETS.linkedin}`,
    ];
    await workspace.writeFile('.env', `${dotenv.join('\n')}\n`);
    for (const platform of PLATFORMS) for (const fault of PATHS.unauthorized.faults(platform) ?? []) server.inject({ ...CREATE[platform], fault });

    const result = await harness.xpost(['publish', workspace.postFile, '--to', PLATFORMS.join(','), '--debug'], { credentialsFromEnv: false });

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expectTokensSent(server, PLATFORMS);
    expect(`${result.stdout}${result.stderr}`).toContain('***');
    // .env holds the tokens by design; every other file is searched.
    await expectNoSecretAnywhere(workspace, result, { stateFile: true, besides: '.env' });
  });

  test.for([
    { label: 'human output', args: [] as string[] },
    { label: '--json', args: ['--json'] },
  ])('xpost sync with lookups answered 401 and UNAUTHENTICATED that echo the tokens ($label)', async ({ args }, { harness }) => {
    const { server, workspace } = harness;
    server.inject({
      platform: 'devto',
      method: 'GET',
      path: '/api/articles/me/all',
      fault: { kind: 'status', status: 401, body: errorBody('devto', 401, `unauthorized ${echo('devto')}`) },
    });
    server.inject({ platform: 'hashnode', times: Infinity, fault: { kind: 'graphql-error', code: 'UNAUTHENTICATED', message: `Bad token ${echo('hashnode')}` } });

    const result = await harness.xpost(['sync', workspace.postFile, '--to', 'devto,hashnode', ...args]);

    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expectTokensSent(server, ['devto', 'hashnode']);
    expect(`${result.stdout}${result.stderr}`).toContain('***');
    await expectNoSecretAnywhere(workspace, result, { stateFile: false });
  });
});

/** Tokens with the characters the job summary and workflow annotations escape (| % : ,), one with surrounding spaces. */
const AWKWARD: Record<PlatformName, string> = {
  devto: `test|devto%key:${MARKER},x1`,
  hashnode: `test:hashnode|token%${MARKER}`,
  medium: `test,medium%token|${MARKER}:x3`,
  linkedin: `test%linkedin|token,${MARKER}`,
};

/** Every form a token can take in an output: masking runs last, so each of these must be masked, not just the raw token. */
function everyForm(token: string): Array<{ label: string; text: string }> {
  const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return [
    { label: 'raw', text: token },
    { label: 'URL-encoded', text: encodeURIComponent(token) },
    { label: 'JSON-escaped', text: JSON.stringify(token).slice(1, -1) },
    { label: 'base64', text: Buffer.from(token).toString('base64') },
    { label: 'summary cell', text: token.replace(/\|/g, '\\|') },
    { label: 'annotation data', text: escapeData(token) },
    { label: 'annotation property', text: escapeData(token).replace(/:/g, '%3A').replace(/,/g, '%2C') },
    { label: 'first 12 characters', text: token.slice(0, 12) },
  ];
}

describe.concurrent('every credential form, in every output and file', () => {
  test.for([
    { label: 'human output', args: [] as string[] },
    { label: '--json --debug', args: ['--json', '--debug'] },
  ])('awkward tokens echoed raw, encoded, in base64 and across the 300-character cut, in a GitHub Actions job ($label)', async ({ args }) => {
    const server = await startPlatformServer({
      devtoApiKey: AWKWARD.devto,
      hashnodeToken: AWKWARD.hashnode,
      mediumToken: AWKWARD.medium,
      linkedinToken: AWKWARD.linkedin,
      linkedinVersions: [LINKEDIN_VERSION],
    });
    const workspace = await makeWorkspace(POST);
    try {
      // dev.to quotes up to 300 characters of a text body: the token straddles that cut.
      server.inject({ ...CREATE.devto, fault: { kind: 'status', status: 401, body: `${'x'.repeat(290)} ${AWKWARD.devto} rejected\n` } });
      server.inject({ ...CREATE.hashnode, fault: { kind: 'status', status: 403, body: errorBody('hashnode', 403, `token ${Buffer.from(AWKWARD.hashnode).toString('base64')} may not publish`) } });
      server.inject({ ...CREATE.medium, fault: { kind: 'status', status: 422, body: errorBody('medium', 422, `bad ${JSON.stringify(AWKWARD.medium)} and ${encodeURIComponent(AWKWARD.medium)}`) } });
      server.inject({ ...CREATE.linkedin, fault: { kind: 'status', status: 401, body: errorBody('linkedin', 401, `Invalid token ${AWKWARD.linkedin}`) } });
      const summary = path.join(workspace.dir, 'step-summary.md');
      const env = {
        ...xpostEnv(server),
        ...FAST_ENV,
        DEVTO_API_KEY: AWKWARD.devto,
        HASHNODE_TOKEN: AWKWARD.hashnode,
        // Surrounding spaces: sent trimmed, so both forms must be masked.
        MEDIUM_TOKEN: `  ${AWKWARD.medium}  `,
        LINKEDIN_ACCESS_TOKEN: AWKWARD.linkedin,
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: summary,
      };

      const result = await runCli(['publish', workspace.postFile, '--to', 'all', ...args], { cwd: workspace.dir, env });

      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
      expect(`${result.stdout}${result.stderr}`).toContain('::error file=');
      const outputs: Array<[string, string]> = [
        ['stdout', result.stdout],
        ['stderr', result.stderr],
        ['step summary', await readFile(summary, 'utf8')],
        ['state file', (await workspace.readStateText()) ?? ''],
      ];
      for (const file of await filesUnder(workspace.dir)) outputs.push([path.relative(workspace.dir, file), await readFile(file, 'utf8')]);
      for (const [where, text] of outputs) {
        expect(text.includes(MARKER), `${MARKER} in ${where}`).toBe(false);
        for (const platform of PLATFORMS) {
          for (const form of everyForm(AWKWARD[platform])) {
            const at = text.indexOf(form.text);
            expect(at, `${platform} token (${form.label}) in ${where}: …${text.slice(Math.max(0, at - 60), at + 60)}…`).toBe(-1);
          }
        }
      }
      expect(await readFile(summary, 'utf8')).toContain('***');
      // The state file keeps its own structure whatever the tokens are.
      expect(Object.keys(((await workspace.readState()) ?? { posts: {} }).posts)).toEqual(['https://blog.example.com/posts/secrets']);
    } finally {
      await server.close();
      await workspace.remove();
    }
  });

  test('a credential under 8 characters is refused with exit 2, naming its variable, and nothing is sent', async ({ harness }) => {
    const { server, workspace } = harness;
    const result = await runCli(['publish', workspace.postFile, '--to', 'devto,medium'], {
      cwd: workspace.dir,
      env: { ...xpostEnv(server), ...FAST_ENV, MEDIUM_TOKEN: 'post' },
    });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(2);
    expect(result.stderr).toContain('MEDIUM_TOKEN is 4 characters long');
    expect(server.requests).toEqual([]);
  });
});
