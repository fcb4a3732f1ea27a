/**
 * The kill storm: a multi-post publish to every platform is killed with SIGKILL again and again at
 * spread-out moments, then settled the way a user would (re-run; for a Medium or LinkedIn create
 * reported unknown, `xpost state mark` when the copy is there, `--force` when it is not). The end
 * state must have exactly one copy per post and platform, and a record for each of them.
 */
import { writeFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { canonicalKey } from '../../src/core/identity-key.js';
import { startPlatformServer, type PlatformName, type PlatformServer } from '../helpers/platform-server.js';
import { makeWorkspace, postMarkdown, runCli, startCli, xpostEnv, type CliResult } from '../helpers/run-cli.js';

const LINKEDIN_VERSION = '202610';
const PLATFORMS = ['devto', 'hashnode', 'medium', 'linkedin'] as const satisfies readonly PlatformName[];
const POSTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ file: `posts/storm-${n}.md`, title: `Storm post ${n}`, canonical: `https://blog.example.com/storm/${n}/` }));
/** Milliseconds after the start at which each run is killed: early (loading), mid-flight and late. */
const KILL_AFTER_MS = [350, 520, 700, 900, 1_150, 1_400, 1_800, 2_300];

const ENV: Record<string, string> = {
  XPOST_TIMEOUT_MS: '5000',
  XPOST_RETRY_MAX_ATTEMPTS: '2',
  XPOST_RETRY_BASE_MS: '5',
  XPOST_RETRY_MAX_WAIT_MS: '1000',
  XPOST_LINKEDIN_VERSION: LINKEDIN_VERSION,
  XPOST_LOCK_WAIT_MS: '10000',
};

interface JsonResult {
  file: string;
  platform: PlatformName;
  status: string;
  errorCode: string | null;
}

function copies(server: PlatformServer, platform: PlatformName): Array<{ id: string; title: string }> {
  switch (platform) {
    case 'devto':
      return server.devto.articles.filter((article) => article.ownedByMe).map((article) => ({ id: String(article.id), title: article.title }));
    case 'hashnode':
      return server.hashnode.posts.map((post) => ({ id: post.id, title: post.title }));
    case 'medium':
      return server.medium.posts.map((post) => ({ id: post.id, title: post.title }));
    case 'linkedin':
      return server.linkedin.posts
        .filter((post) => !post.deleted)
        .map((post) => ({ id: post.urn, title: String((post.content as { article?: { title?: string } } | null)?.article?.title) }));
    default:
      return [];
  }
}


test('repeated SIGKILL during a multi-post publish, then clean runs: zero duplicates, zero lost records', { timeout: 120_000 }, async () => {
  const server = await startPlatformServer({ linkedinVersions: [LINKEDIN_VERSION] });
  const workspace = await makeWorkspace({ frontMatter: { title: 'unused', draft: true }, body: 'unused\n' }, 'drafts/unused.md');
  try {
    for (const post of POSTS) await workspace.writeFile(post.file, postMarkdown({ frontMatter: { title: post.title, tags: ['storm'], canonical_url: post.canonical }, body: `${post.title}: its own words.\n` }));
    server.setLatency(120);
    const env = { ...xpostEnv(server), ...ENV };
    const xpost = (args: string[]): Promise<CliResult> => runCli(args, { cwd: workspace.dir, env, timeoutMs: 60_000 });

    let killed = 0;
    let intentsLeft = 0;
    for (const delay of KILL_AFTER_MS) {
      const running = startCli(['publish', 'posts', '--to', 'all'], { cwd: workspace.dir, env, timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, delay));
      running.child.kill('SIGKILL');
      const result = await running.result;
      if (result.signal === 'SIGKILL') killed += 1;
      const text = await workspace.readStateText();
      if (text !== undefined) expect(() => JSON.parse(text) as unknown, `state after kill ${killed}`).not.toThrow();
      intentsLeft += Object.values((await workspace.readState())?.posts ?? {}).flatMap((post) => Object.values(post.platforms)).filter((record) => record.pendingCreate).length;
      await workspace.ageIntents(60_000);
    }
    expect(killed, 'most runs were killed before they finished').toBeGreaterThanOrEqual(KILL_AFTER_MS.length - 2);
    expect(intentsLeft, 'kills landed while creates were in flight').toBeGreaterThan(0);

    // Settle as a user would, then confirm a last run has nothing left to do.
    for (let round = 0; round < 4; round += 1) {
      server.setLatency(0);
      const run = await xpost(['publish', 'posts', '--to', 'all', '--json']);
      const results = (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
      const unknown = results.filter((result) => result.status === 'failed' && result.errorCode === 'OUTCOME_UNKNOWN');
      if (run.code === 0) break;
      expect(results.filter((result) => result.status === 'failed' && result.errorCode !== 'OUTCOME_UNKNOWN'), run.stdout).toEqual([]);
      for (const result of unknown) {
        const post = POSTS.find((candidate) => candidate.file === result.file)!;
        const found = copies(server, result.platform).find((copy) => copy.title === post.title);
        const settled = found
          ? await xpost(['state', 'mark', post.file, '--platform', result.platform, '--id', found.id])
          : await xpost(['publish', post.file, '--to', result.platform, '--force']);
        expect(settled.code, `${settled.stdout}\n${settled.stderr}`).toBe(0);
      }
      await workspace.ageIntents(60_000);
    }

    server.clearRequests();
    const last = await xpost(['publish', 'posts', '--to', 'all', '--json']);
    expect(last.code, `${last.stdout}\n${last.stderr}`).toBe(0);
    expect(server.requests.filter((request) => request.method !== 'GET' && request.platform !== 'hashnode')).toEqual([]);

    const state = (await workspace.readState())!;
    for (const platform of PLATFORMS) {
      const onPlatform = copies(server, platform);
      expect(onPlatform.map((copy) => copy.title).sort(), `${platform}: one copy per post, no duplicate`).toEqual(POSTS.map((post) => post.title).sort());
      for (const post of POSTS) {
        const record = state.posts[canonicalKey(post.canonical)]?.platforms[platform];
        expect(record?.pendingCreate, `${platform} ${post.file}: no intent left`).toBeUndefined();
        expect(onPlatform.find((copy) => copy.id === record?.id)?.title, `${platform} ${post.file}: the record names its copy`).toBe(post.title);
      }
    }
  } finally {
    await server.close();
    await workspace.remove();
  }
});
