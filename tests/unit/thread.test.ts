import { describe, expect, it } from 'vitest';
import {
  BLUESKY_MAX_BYTES,
  BLUESKY_MAX_GRAPHEMES,
  MASTODON_DEFAULT_MAX_CHARACTERS,
  MAX_TWEET_LENGTH,
  blueskyLength,
  mastodonLength,
  sentenceStarts,
  splitThread,
  tweetLength,
  utf8Length,
  type SplitThreadOptions,
  type TextMeasure,
} from '../../src/core/thread.js';

const NUMBERING = /\n\n(\d+)\/(\d+)$/;
/** A cut sentence: "…" at the end of one post (spaced after punctuation) and at the start of the next. */
const CUT_END = / ?…$/;
const CUT_START = /^… ?/;
const withoutNumbering = (post: string): string => post.replace(NUMBERING, '');
const withoutMarkers = (post: string): string => withoutNumbering(post).replace(CUT_START, '').replace(CUT_END, '');
const words = (texts: string[]): string[] => texts.join(' ').split(/\s+/).filter(Boolean);

function sentences(count: number): string {
  return Array.from({ length: count }, (_, index) => `Sentence number ${index + 1} explains one more small idea about cross-posting.`).join(' ');
}

/** Splits `text` where sentenceStarts says sentences start. */
function sentencesOf(text: string): string[] {
  const bounds = [0, ...sentenceStarts(text), text.length];
  return bounds.slice(0, -1).map((start, index) => text.slice(start, bounds[index + 1]));
}

interface Platform {
  name: string;
  measure: TextMeasure;
  maxLength: number;
  maxBytes: number;
  options: SplitThreadOptions;
}

const PLATFORMS: Platform[] = [
  { name: 'X', measure: tweetLength, maxLength: MAX_TWEET_LENGTH, maxBytes: Number.POSITIVE_INFINITY, options: {} },
  {
    name: 'Bluesky',
    measure: blueskyLength,
    maxLength: BLUESKY_MAX_GRAPHEMES,
    maxBytes: BLUESKY_MAX_BYTES,
    options: { measure: blueskyLength, maxLength: BLUESKY_MAX_GRAPHEMES, maxBytes: BLUESKY_MAX_BYTES },
  },
  {
    name: 'Mastodon',
    measure: (text) => mastodonLength(text),
    maxLength: MASTODON_DEFAULT_MAX_CHARACTERS,
    maxBytes: Number.POSITIVE_INFINITY,
    options: { measure: (text) => mastodonLength(text), maxLength: MASTODON_DEFAULT_MAX_CHARACTERS },
  },
];

/**
 * Real-looking threads as the X template writes them (title, one part per section, link, question), with what
 * splitters get wrong: long sentences, abbreviations, URLs with "?" and "!", emoji, CJK, lead-ins with lists and code.
 */
const POSTS: Record<string, string[]> = {
  'long sentences, abbreviations and URLs': [
    '🧵 Shipping small releases\n\nWhat three years of Friday deploys taught a team of six\n\nA thread 👇',
    `Why small releases win\n\nShipping small releases changed how our team works. We used to batch three weeks of changes into one deploy, and every deploy was an event: a freeze, a checklist, a war room, and a long evening of watching dashboards while someone kept asking whether the error rate was normal for a Tuesday, which nobody could answer because nobody had looked at a Tuesday in months; after the third failed Friday in a row we decided to change everything about it, from the branch model to the way we write release notes. Now we ship twenty times a day. Nobody notices, and that is the point.`,
    `The tools\n\nTools such as linters, e.g. ESLint or Biome, catch most of it early. Dr. Smith, who maintains the Node.js v20.19 build at Example Corp. in the U.S. office, says most teams skip them anyway. I asked Mr. Jones why, i.e. what stops them from adding one line to CI. He said it is a habit vs. a rule, and habits win. The fix costs 3.14 minutes per repository and saves hours every month. Prof. Brown agrees, cf. her talk at the St. Louis meetup last spring.`,
    `Read the notes\n\nThe release notes live at https://example.com/releases/2026/notes?version=2.0&lang=en!draft and the migration guide at https://example.com/docs/migrate?from=1.9&to=2.0. Read both before you upgrade. The changelog at https://github.com/example/project/blob/main/CHANGELOG.md lists every breaking change since version one, with a link to the pull request that made it and the reason it was worth breaking.`,
    'The full post (6 min read): https://blog.example.com/posts/shipping-small-releases/',
    'What would you add? Reply and tell me.\n\n#devops #ReleaseEngineering',
  ],
  'emoji and CJK': [
    '🧵 リリースの記録 🚀\n\n小さなリリースを毎日出すチームの話\n\nA thread 👇',
    `The launch 🎉\n\nWe celebrated the launch 🚀🎉 with the whole team 👨‍👩‍👧‍👦 and the people who tested the beta for us 🙏. Everyone got a sticker 🇺🇦🇯🇵🇧🇷. The on-call engineer 🙋🏽 slept through the night for the first time in weeks 😴. That alone made it worth it 💯. Next quarter we do it again, with more tests 🧪, fewer surprises 🙈 and a cake 🎂 for whoever finds the first bug 🐛 in production. The beta testers 🧑‍💻 get their names in the release notes 📝 and a year of the paid plan 🎁, because they found the worst bugs 🐞 before anyone else did. Thank you all 🙌!`,
    `日本語の説明\n\n今日は新しいリリースを公開しました。このリリースでは、ビルドの速度が大きく改善され、テストの実行時間も半分になりました。次のバージョンでは、プラグインの仕組みを見直し、設定ファイルの書き方をもっと簡単にする予定で、皆さんからのフィードバックをお待ちしています、特に大きなリポジトリでの使い心地について教えてください。この文章には句点がなく読点もなくとても長く続きますがどこで切るべきかを決めるのは難しい問題でプラグインの仕組みを見直して設定ファイルの書き方をもっと簡単にする予定で皆さんからのフィードバックをお待ちしています。ありがとうございました。`,
    'The full post: https://blog.example.com/posts/リリース/',
  ],
  'lead-ins with a list and code': [
    '🧵 Cross-posting from a Hugo blog\n\nOne command, four platforms, no copy and paste\n\nA thread 👇',
    `Set-up\n\nMost of the set-up is automatic, and the defaults are sensible for a blog with a few dozen posts written in Markdown. You will only touch the config when something about your site is unusual, such as a custom permalink. Before you start, check three things:\n\n• Node.js 20.19 or later is installed on your machine and in CI\n• every post has a title in its front matter\n• you have an API key for each platform you publish to`,
    `Install\n\nThe whole set-up is two commands and one file, and the file is written for you by the first command. It asks three questions and writes a config with comments. Run this:\n\nnpm install -g xpost\nxpost init --site https://blog.example.com\nxpost publish posts/ --dry-run\n\nThe dry run sends nothing and shows every request.`,
    `Every option\n\nHere is everything the config can hold:\n\n${Array.from({ length: 12 }, (_, index) => `• option${index + 1}: what it changes, in one sentence of reasonable length.`).join('\n')}`,
    `CI\n\nPaste this into your workflow:\n\n${Array.from({ length: 10 }, (_, index) => `      - run: npx xpost publish posts/ --only part-${index + 1}`).join('\n')}\n\nThat is all.`,
  ],
};

interface Located {
  body: string;
  part: string;
  /** Index in `part` just past the post's last character. */
  end: number;
  cut: boolean;
}

/** Finds each post's text in the parts, in order; fails if anything is lost, doubled or reordered. */
function locate(parts: string[], posts: string[]): Located[] {
  const compact = parts.map((part) => {
    const characters: Array<{ character: string; index: number }> = [];
    for (let index = 0; index < part.length; index += 1) if (!/\s/.test(part.charAt(index))) characters.push({ character: part.charAt(index), index });
    return { part, text: characters.map(({ character }) => character).join(''), indexes: characters.map(({ index }) => index) };
  });
  let partIndex = 0;
  let offset = 0;
  const located = posts.map((post) => {
    const body = withoutMarkers(post);
    const needle = body.replace(/\s/g, '');
    let current = compact[partIndex];
    if (current && offset === current.text.length) {
      partIndex += 1;
      offset = 0;
      current = compact[partIndex];
    }
    if (!current || !current.text.startsWith(needle, offset)) throw new Error(`post not found where expected in order:\n${post}`);
    offset += needle.length;
    return { body, part: current.part, end: (current.indexes[offset - 1] ?? -1) + 1, cut: CUT_END.test(withoutNumbering(post)) };
  });
  expect(partIndex, 'every part was used').toBe(parts.length - 1);
  expect(offset, 'the last part was used up').toBe(compact.at(-1)?.text.length);
  return located;
}

/** Where the next text starts, past spaces and line breaks: a sentence may start at a code line's indentation. */
const skipSpaces =
  (text: string) =>
  (position: number): number =>
    position + (/^\s*/.exec(text.slice(position))?.[0].length ?? 0);

/** The sentence (or lead-in with what it introduces) around `position`, as the splitter sees units. */
function unitAround(part: string, starts: number[], position: number): string {
  const unitStarts = starts.filter((start) => !/[:：]$/.test(part.slice(0, start).trimEnd()));
  const from = [0, ...unitStarts].filter((start) => start <= position).at(-1) ?? 0;
  const to = unitStarts.find((start) => start > position) ?? part.length;
  return part.slice(from, to).trim();
}

function expectWellFormedThread(parts: string[], posts: string[], platform: Platform): void {
  const fits = (text: string): boolean => platform.measure(text) <= platform.maxLength && utf8Length(text) <= platform.maxBytes;
  posts.forEach((post, index) => {
    expect(platform.measure(post), post).toBeLessThanOrEqual(platform.maxLength);
    expect(utf8Length(post), post).toBeLessThanOrEqual(platform.maxBytes);
    if (posts.length > 1) expect(NUMBERING.exec(post)?.slice(1), post).toEqual([String(index + 1), String(posts.length)]);
  });
  const startsOf = new Map(parts.map((part) => [part, sentenceStarts(part)]));
  locate(parts, posts).forEach(({ body, part, end, cut }, index) => {
    const starts = startsOf.get(part) ?? [];
    const next = skipSpaces(part)(end);
    if (cut) {
      // Only a sentence that could not fit in a post of its own (with its numbering) may be cut inside; one twenty
      // times the limit cannot, and measuring it for each of its posts would be slow.
      const unit = unitAround(part, starts, end - 1);
      const suffix = NUMBERING.exec(posts[index] ?? '')?.[0] ?? '';
      expect(unit.length > 20 * platform.maxLength || !fits(unit + suffix), `cut inside a sentence that fits a post:\n${body}`).toBe(true);
      expect(posts[index + 1], 'the rest of a cut sentence opens with "…"').toMatch(CUT_START);
    } else {
      expect(next === part.length || starts.map(skipSpaces(part)).includes(next), `ends mid-sentence:\n${body}`).toBe(true);
    }
    if (next < part.length) expect(body, 'a lead-in never ends a post').not.toMatch(/[:：]$/);
  });
}

describe('tweetLength (X: counting-characters.mdx)', () => {
  it('counts as the documentation does', () => {
    expect(tweetLength('Hello, world! 👋')).toBe(16);
    for (const emoji of ['👾', '🙋🏽', '👨‍🎤', '👨‍👩‍👧‍👦']) expect(tweetLength(emoji), emoji).toBe(2);
    expect(tweetLength('https://example.com')).toBe(23);
    expect(tweetLength('https://example.com/very/long/path')).toBe(23);
    expect(tweetLength('café'.normalize('NFC'))).toBe(4);
    expect(tweetLength('café'.normalize('NFD'))).toBe(4);
    expect(tweetLength('日本語')).toBe(6);
    expect(tweetLength(`https://example.com/${'a'.repeat(200)}`)).toBe(23);
  });
});

describe('blueskyLength (Bluesky: app.bsky.feed.post lexicon, post-richtext.md)', () => {
  it('counts graphemes, and utf8Length the bytes facets index', () => {
    expect(blueskyLength('Go to this site')).toBe(15);
    expect(utf8Length('Go to this site')).toBe(15);
    expect(blueskyLength('👨‍👩‍👧‍👦')).toBe(1);
    expect(utf8Length('👨‍👩‍👧‍👦')).toBe(25);
    expect(blueskyLength('café'.normalize('NFD'))).toBe(4);
    expect(blueskyLength('日本語')).toBe(3);
    expect(utf8Length('日本語')).toBe(9);
    expect(blueskyLength(`https://example.com/${'a'.repeat(30)}`)).toBe(50);
  });
});

describe('mastodonLength (Mastodon: user guide "Posting", CONTRACTS §7)', () => {
  it('counts every http(s) URL as 23, or as the instance reserves', () => {
    expect(mastodonLength(`Read https://example.com/${'a'.repeat(200)} now`)).toBe(5 + 23 + 4);
    expect(mastodonLength('https://example.com', { urlLength: 30 })).toBe(30);
    // Only links that begin with http:// or https:// are links.
    expect(mastodonLength('example.com/very/long/path')).toBe(26);
  });

  it('counts a mention by its username only, and characters as graphemes', () => {
    expect(mastodonLength('@alice@example.com')).toBe(6);
    expect(mastodonLength('Thanks @alice and @bob@social.example.org!')).toBe('Thanks @alice and @bob!'.length);
    expect(mastodonLength('mail me: alice@example.com')).toBe(26);
    expect(mastodonLength('https://mastodon.social/@Gargron')).toBe(23);
    expect(mastodonLength('👨‍👩‍👧‍👦 café')).toBe(6);
  });
});

describe('sentenceStarts', () => {
  it('splits sentences where Intl.Segmenter does, and lines', () => {
    expect(sentencesOf('Node.js v1.2 is out. It costs 3.14 dollars! Really?')).toEqual(['Node.js v1.2 is out. ', 'It costs 3.14 dollars! ', 'Really?']);
    expect(sentencesOf('Three steps:\n• one\n• two')).toEqual(['Three steps:\n', '• one\n', '• two']);
    expect(sentencesOf('今日は晴れです。明日は雨です。')).toEqual(['今日は晴れです。', '明日は雨です。']);
    expect(sentencesOf('We use npm, yarn, etc. Then we build.')).toEqual(['We use npm, yarn, etc. ', 'Then we build.']);
  });

  it('does not end a sentence at an abbreviation, a list number or inside a URL', () => {
    expect(sentencesOf('Use a linter, e.g. ESLint, and i.e. Biome. Then run it.')).toEqual(['Use a linter, e.g. ESLint, and i.e. Biome. ', 'Then run it.']);
    expect(sentencesOf('I met Dr. Smith and Mr. Jones in the U.S. office. They agreed.')).toEqual([
      'I met Dr. Smith and Mr. Jones in the U.S. office. ',
      'They agreed.',
    ]);
    expect(sentencesOf('It is Rust vs. Go (cf. Pike). Done.')).toEqual(['It is Rust vs. Go (cf. Pike). ', 'Done.']);
    expect(sentencesOf('1. Install it.\n2. Run it.')).toEqual(['1. Install it.\n', '2. Run it.']);
    expect(sentencesOf('See https://example.com/a?Page=2!Top. Then go.')).toEqual(['See https://example.com/a?Page=2!Top. ', 'Then go.']);
  });
});

describe('splitThread on real-looking posts', () => {
  for (const [name, parts] of Object.entries(POSTS)) {
    for (const platform of PLATFORMS) {
      it(`${name}, for ${platform.name}: within the limit, whole sentences, no lead-in at an end, numbered, nothing lost`, () => {
        const posts = splitThread(parts, platform.options);
        expect(posts.length).toBeGreaterThan(parts.length);
        expectWellFormedThread(parts, posts, platform);
      });
    }
  }

  it('gives X the same thread whether its measure and limit are passed or defaulted', () => {
    for (const parts of Object.values(POSTS)) expect(splitThread(parts, { measure: tweetLength, maxLength: MAX_TWEET_LENGTH })).toEqual(splitThread(parts));
  });
});

describe('splitThread', () => {
  it('keeps parts that fit as they are and numbers them 1/N..N/N', () => {
    const tweets = splitThread(['First part.', '  ', 'Second part.', '', 'Third part.']);
    expect(tweets).toEqual(['First part.\n\n1/3', 'Second part.\n\n2/3', 'Third part.\n\n3/3']);
  });

  it('leaves a single tweet unnumbered unless asked', () => {
    expect(splitThread(['Just one.'])).toEqual(['Just one.']);
    expect(splitThread(['Just one.'], { numberSingleTweet: true })).toEqual(['Just one.\n\n1/1']);
  });

  it('counts a long URL as 23, so a part with a 200-character URL is not split', () => {
    const url = `https://example.com/${'a'.repeat(180)}`;
    expect(url).toHaveLength(200);
    const part = `${'Read the whole post here: '.repeat(4)}${url}`;
    expect(part.length).toBeGreaterThan(MAX_TWEET_LENGTH);
    const tweets = splitThread([part, 'Thanks for reading.']);
    expect(tweets).toHaveLength(2);
    expect(tweets[0]).toBe(`${part}\n\n1/2`);
  });

  it('counts emoji as 2, and cuts a run of them between emoji', () => {
    const part = '🚀'.repeat(139);
    expect(splitThread([part])).toEqual([part]);
    const tweets = splitThread(['🚀'.repeat(141)]);
    expect(tweets).toHaveLength(2);
    expect(tweets.map(withoutMarkers).join('')).toBe('🚀'.repeat(141));
    for (const tweet of tweets) expect(tweetLength(tweet)).toBeLessThanOrEqual(MAX_TWEET_LENGTH);
  });

  it('splits long text at sentence boundaries and keeps every word in order', () => {
    const part = sentences(12);
    const tweets = splitThread(['Intro.', part, 'Outro.']);
    expect(tweets.length).toBeGreaterThan(3);
    expectWellFormedThread(['Intro.', part, 'Outro.'], tweets, PLATFORMS[0] as Platform);
    for (const tweet of tweets.map(withoutNumbering)) expect(tweet).toMatch(/\.$/);
  });

  it('ends a tweet after a short sentence rather than cut the next one, which fits a tweet of its own', () => {
    const first = 'Small releases are easier to review.';
    const second = `${'Every change in a small release is one a reviewer can hold in their head at once, '.repeat(2)}so reviews get faster, merges happen sooner and the queue of open pull requests stays short.`;
    expect(tweetLength(second)).toBeLessThan(MAX_TWEET_LENGTH - 10);
    expect(tweetLength(`${first} ${second}`)).toBeGreaterThan(MAX_TWEET_LENGTH);
    expect(splitThread([`${first} ${second}`])).toEqual([`${first}\n\n1/2`, `${second}\n\n2/2`]);
  });

  it('cuts a sentence longer than a tweet at a clause, marking both halves with "…"', () => {
    const clause = 'We used to batch three weeks of changes into one deploy, and every deploy was an event with a freeze and a checklist and a war room and a long evening of watching dashboards while someone asked about error rates;';
    const sentence = `${clause} ${'then we waited for the graphs to settle '.repeat(3)}until midnight.`;
    expect(tweetLength(sentence)).toBeGreaterThan(MAX_TWEET_LENGTH);
    const tweets = splitThread([sentence]).map(withoutNumbering);
    expect(tweets).toEqual([`${clause} …`, `…${sentence.slice(clause.length + 1)}`]);
  });

  it('falls back to word boundaries inside a sentence with no clause, never inside a URL', () => {
    const url = `https://example.com/docs/${'x'.repeat(60)}.html`;
    const longLine = Array.from({ length: 80 }, (_, index) => (index === 40 ? url : `word${index}`)).join(' ');
    const tweets = splitThread([`short line\n${longLine}`]);
    // A cut that would leave a near-empty tweet gives way to a finer boundary inside the over-long sentence.
    expect(tweets[0]).toMatch(/^short line\nword0 word1 .*\w…\n\n1\/\d$/s);
    expect(tweets.filter((tweet) => tweet.includes(url))).toHaveLength(1);
    expect(words(tweets.map(withoutMarkers))).toEqual(words([`short line\n${longLine}`]));
  });

  it('never parts a link\'s text from its "(URL)", wherever the cut would fall', () => {
    const link = 'the release notes of version two (https://example.com/releases/v2)';
    for (let padding = 150; padding <= 275; padding += 5) {
      const part = `${'word '.repeat(padding / 5).trim()} and then ${link} and a few more words to finish the sentence`;
      const tweets = splitThread([part]).map(withoutMarkers);
      expect(tweets.some((tweet) => tweet.includes(link)), `padding ${padding}: ${JSON.stringify(tweets)}`).toBe(true);
      expect(words(tweets)).toEqual(words([part]));
    }
  });

  it('sets "…" apart from a URL on either side of a cut, so it never reads as part of the link', () => {
    const url = 'https://example.com/docs/setup';
    const before = splitThread([`${'word '.repeat(45)}${url} ${'x'.repeat(60)} end.`]).map(withoutNumbering);
    expect(before[0]?.endsWith(`${url} …`)).toBe(true);
    const after = splitThread([`${'word '.repeat(50)}${url} and the rest of the sentence.`]).map(withoutNumbering);
    expect(after[0]?.endsWith('word…')).toBe(true);
    expect(after[1]).toBe(`… ${url} and the rest of the sentence.`);
  });

  it('does not leave a short opening sentence alone in a tweet', () => {
    const part = `Hi. ${'This sentence runs on and on without a full stop '.repeat(8)}`;
    const tweets = splitThread([part]);
    expect(tweets[0]).toMatch(/^Hi\. This sentence/);
    expect(words(tweets.map(withoutMarkers))).toEqual(words([part]));
  });

  it('never ends a tweet at an abbreviation', () => {
    const part = `${'The linter runs on every pull request. '.repeat(5)}Teams pick one tool, e.g. ESLint, and keep it for years because switching costs a week.`;
    const tweets = splitThread([part]).map(withoutNumbering);
    expect(tweets).toHaveLength(2);
    expect(tweets[1]).toBe('Teams pick one tool, e.g. ESLint, and keep it for years because switching costs a week.');
  });

  it('moves a lead-in to the next tweet with its list when the two fit there', () => {
    const intro = 'Most of the set-up is automatic. '.repeat(6).trim();
    const leadIn = 'Before you start, check three things:';
    const list = '• Node.js 20.19 or later\n• a title in every post\n• an API key per platform';
    const tweets = splitThread([`${intro} ${leadIn}\n\n${list}`]).map(withoutNumbering);
    expect(tweets).toEqual([intro, `${leadIn}\n\n${list}`]);
  });

  it('keeps a lead-in with the first items of a list too long for one tweet', () => {
    const list = Array.from({ length: 10 }, (_, index) => `• item ${index + 1} says what it does in a short sentence.`).join('\n');
    const tweets = splitThread([`Intro sentence. Here is every option:\n${list}`]).map(withoutNumbering);
    expect(tweets[0]).toMatch(/^Intro sentence\. Here is every option:\n• item 1 says/);
    for (const tweet of tweets) expect(tweet).not.toMatch(/:$/);
  });

  it('keeps the indentation of a code line that opens a tweet', () => {
    const code = Array.from({ length: 12 }, (_, index) => `    - run: npx xpost publish posts/ --only part-${index + 1}`).join('\n');
    const tweets = splitThread([`Paste this:\n\n${code}`]).map(withoutNumbering);
    for (const tweet of tweets.slice(1)) expect(tweet).toMatch(/^ {4}- run:/);
  });

  it('fits Bluesky\'s 3,000-byte cap as well as its 300 graphemes', () => {
    const family = '👨‍👩‍👧‍👦';
    const part = Array.from({ length: 20 }, () => `${family.repeat(10)}.`).join(' ');
    expect(blueskyLength(part)).toBeLessThan(BLUESKY_MAX_GRAPHEMES);
    const posts = splitThread([part], { measure: blueskyLength, maxLength: BLUESKY_MAX_GRAPHEMES, maxBytes: BLUESKY_MAX_BYTES });
    expect(posts.length).toBeGreaterThan(1);
    expectWellFormedThread([part], posts, PLATFORMS[1] as Platform);
  });

  it('fits Mastodon\'s count, where every URL is 23', () => {
    const url = `https://example.com/${'a'.repeat(300)}`;
    const part = `Three links: ${url} and ${url} and ${url}. That is all.`;
    expect(splitThread([part], { measure: (text) => mastodonLength(text), maxLength: MASTODON_DEFAULT_MAX_CHARACTERS })).toEqual([part]);
  });

  it('cuts a word far longer than a post between graphemes', () => {
    const word = `${'x'.repeat(3000)}🚀${'y'.repeat(3000)}`;
    for (const platform of PLATFORMS) {
      const posts = splitThread([`Intro. ${word}`], platform.options);
      expectWellFormedThread([`Intro. ${word}`], posts, platform);
    }
  });

  it('gets N right when numbering itself adds tweets', () => {
    const part = sentences(120);
    const tweets = splitThread([part]);
    expect(tweets.length).toBeGreaterThanOrEqual(10);
    expectWellFormedThread([part], tweets, PLATFORMS[0] as Platform);
  });

  it('accepts a custom suffix and still fits every tweet', () => {
    const tweets = splitThread([sentences(10)], { suffix: (position, total) => ` 🧵 (${position} of ${total})` });
    tweets.forEach((tweet, index) => {
      expect(tweetLength(tweet)).toBeLessThanOrEqual(MAX_TWEET_LENGTH);
      expect(tweet.endsWith(` 🧵 (${index + 1} of ${tweets.length})`)).toBe(true);
    });
  });

  it('refuses a suffix that leaves no room for text', () => {
    expect(() => splitThread([sentences(10)], { suffix: () => ' '.repeat(270) })).toThrow(/numbering suffix/);
  });

  it('returns nothing for nothing', () => {
    expect(splitThread(['', '   '])).toEqual([]);
  });
});
