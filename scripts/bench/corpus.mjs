/**
 * The `xpost status` corpus: Markdown posts with front matter in one folder plus a version 1
 * .xpost/state.json (src/config/state-schema.ts) recording most of them on some platforms, as
 * xpost itself records them: nine in ten recorded posts carry the source hash of their file as it
 * is (unchanged since publishing); one in ten was edited since (stale hashes), so status renders it
 * and reports it as changed.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const PLATFORMS = ['devto', 'hashnode', 'medium', 'linkedin'];
const TAGS = ['javascript', 'node.js', 'web dev', 'testing', 'open source', 'typescript', 'devops', 'writing'];
/**
 * Which platforms post i is recorded on, by i % 5; one in five was never published. The last group
 * is keyed by slug and has no canonical URL, which LinkedIn shares need, so it is not on LinkedIn.
 */
const RECORDED_ON = [[], ['devto'], ['devto', 'hashnode'], PLATFORMS, ['devto', 'medium']];

/** Writes `count` posts and the state file into dir (posts at the top level); returns the post file names. */
export async function writeStatusCorpus(dir, count) {
  const files = [];
  const posts = {};
  const writes = [];
  for (let index = 0; index < count; index += 1) {
    const name = `post-${String(index).padStart(4, '0')}.md`;
    const post = corpusPost(index);
    files.push(name);
    writes.push(writeFile(path.join(dir, name), post.markdown, 'utf8'));
    const platforms = stateRecords(index, post.markdown);
    if (Object.keys(platforms).length > 0) posts[post.identity] = { file: `../${name}`, platforms };
  }
  await Promise.all(writes);
  const state = { version: 1, posts, accounts: { medium: { authorId: '1f6c2ad0b2d1e5f0a9c4b7e8d3f2a1b0c' } } };
  await mkdir(path.join(dir, '.xpost'), { recursive: true });
  await writeFile(path.join(dir, '.xpost', 'state.json'), `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  return files;
}

/** Four in five posts are keyed by canonical URL, the rest by slug (src/core/identity.ts). */
function corpusPost(index) {
  const slug = `bench-post-${index}`;
  const canonical = index % 5 === 4 ? undefined : `https://blog.example.com/posts/${slug}/`;
  const frontMatter = [
    `title: "Benchmark post ${index}: notes on shipping ${TAGS[index % TAGS.length]}"`,
    `description: "Post ${index} of the generated corpus, with a code block, a table, a list and links."`,
    `tags: [${[0, 3, 5].map((step) => JSON.stringify(TAGS[(index + step) % TAGS.length])).join(', ')}]`,
    canonical ? `canonical_url: ${canonical}` : `slug: ${slug}`,
    `date: 2026-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
    ...(index % 7 === 0 ? ['published: false'] : []),
  ];
  const paragraphs = Array.from({ length: 3 + (index % 4) }, (_, n) =>
    `Paragraph ${n + 1} of post ${index}. Shipping a post to several places by hand means copying, fixing tags and ` +
    `remembering the [canonical URL](https://blog.example.com/posts/${slug}/#p${n}); **xpost** does it from one file.`,
  );
  const body = [
    paragraphs[0],
    '## Why it matters',
    ...paragraphs.slice(1),
    ['```ts', `export function post${index}(input: string): string {`, '  return input.trim().toUpperCase();', '}', '```'].join('\n'),
    ['| Platform | Sent |', '| -------- | ---- |', ...PLATFORMS.map((platform) => `| ${platform} | yes |`)].join('\n'),
    ['- one file', '- four copies', `- post number ${index}`].join('\n'),
  ].join('\n\n');
  return { identity: canonical ?? `slug:${slug}`, markdown: `---\n${frontMatter.join('\n')}\n---\n\n${body}\n` };
}

/** Mirrors src/core/source-hash.ts for a run with no config file and no user templates. */
const SETUP_FINGERPRINT = `sha256:${createHash('sha256').update('{"config":{},"templates":{}}').digest('hex')}`;

function sourceHashOf(markdown) {
  return `sha256:${createHash('sha256').update(markdown).update('\0').update(SETUP_FINGERPRINT).digest('hex')}`;
}

function stateRecords(index, markdown) {
  const platforms = {};
  const editedSincePublished = index % 10 === 3;
  const publishedAt = new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString();
  for (const platform of RECORDED_ON[index % RECORDED_ON.length]) {
    platforms[platform] = {
      id: `${platform}-${index}`,
      url: `https://${platform}.example.com/bench-post-${index}`,
      contentHash: `sha256:${createHash('sha256').update(`stale ${platform} ${index}`).digest('hex')}`,
      sourceHash: editedSincePublished ? `sha256:${createHash('sha256').update(`edited ${index}`).digest('hex')}` : sourceHashOf(markdown),
      publishedAt,
      updatedAt: publishedAt,
    };
  }
  if (index % 5 === 4) platforms['hashnode'] = { lastError: { code: 'NETWORK', message: 'connection reset', at: publishedAt } };
  return platforms;
}
