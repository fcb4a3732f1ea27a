import { describe, expect, it } from 'vitest';
import { MAX_TWEET_LENGTH, splitThread, tweetLength } from '../../src/core/thread.js';

const NUMBERING = /\n\n(\d+)\/(\d+)$/;
const withoutNumbering = (tweet: string): string => tweet.replace(NUMBERING, '');
const words = (texts: string[]): string[] => texts.join(' ').split(/\s+/).filter(Boolean);

function sentences(count: number): string {
  return Array.from({ length: count }, (_, index) => `Sentence number ${index + 1} explains one more small idea about cross-posting.`).join(' ');
}

function expectWellFormed(tweets: string[]): void {
  tweets.forEach((tweet, index) => {
    expect(tweetLength(tweet)).toBeLessThanOrEqual(MAX_TWEET_LENGTH);
    const numbering = NUMBERING.exec(tweet);
    expect(numbering?.slice(1)).toEqual([String(index + 1), String(tweets.length)]);
  });
}

describe('tweetLength', () => {
  it('counts a URL as 23 and an emoji as 2', () => {
    expect(tweetLength(`https://example.com/${'a'.repeat(200)}`)).toBe(23);
    expect(tweetLength('👋')).toBe(2);
    expect(tweetLength('👨‍👩‍👧‍👦')).toBe(2);
    expect(tweetLength('hello')).toBe(5);
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
    expectWellFormed(tweets);
  });

  it('counts emoji as 2', () => {
    const part = '🚀'.repeat(139);
    expect(splitThread([part])).toEqual([part]);
    const tweets = splitThread(['🚀'.repeat(141)]);
    expect(tweets).toHaveLength(2);
    expectWellFormed(tweets);
  });

  it('splits long text at sentence boundaries and keeps every word in order', () => {
    const part = sentences(12);
    const tweets = splitThread(['Intro.', part, 'Outro.']);
    expect(tweets.length).toBeGreaterThan(3);
    expectWellFormed(tweets);
    for (const tweet of tweets.map(withoutNumbering)) expect(tweet).toMatch(/\.$/);
    expect(words(tweets.map(withoutNumbering))).toEqual(words(['Intro.', part, 'Outro.']));
  });

  it('falls back to line, then word boundaries, never inside a URL', () => {
    const url = `https://example.com/docs/${'x'.repeat(60)}.html`;
    const longLine = Array.from({ length: 80 }, (_, index) => (index === 40 ? url : `word${index}`)).join(' ');
    const tweets = splitThread([`short line\n${longLine}`]);
    expectWellFormed(tweets);
    // A cut that would leave a near-empty tweet gives way to a finer boundary.
    expect(tweets[0]).toMatch(/^short line\nword0 word1 /);
    expect(tweets.filter((tweet) => tweet.includes(url))).toHaveLength(1);
    expect(words(tweets.map(withoutNumbering))).toEqual(words([`short line\n${longLine}`]));
  });

  it('does not leave a short opening sentence alone in a tweet', () => {
    const part = `Hi. ${'This sentence runs on and on without a full stop '.repeat(8)}`;
    const tweets = splitThread([part]);
    expectWellFormed(tweets);
    expect(tweets[0]).toMatch(/^Hi\. This sentence/);
  });

  it('gets N right when numbering itself adds tweets', () => {
    const tweets = splitThread([sentences(120)]);
    expect(tweets.length).toBeGreaterThanOrEqual(10);
    expectWellFormed(tweets);
  });

  it('accepts a custom suffix and still fits every tweet', () => {
    const tweets = splitThread([sentences(10)], { suffix: (position, total) => ` 🧵 (${position} of ${total})` });
    tweets.forEach((tweet, index) => {
      expect(tweetLength(tweet)).toBeLessThanOrEqual(MAX_TWEET_LENGTH);
      expect(tweet.endsWith(` 🧵 (${index + 1} of ${tweets.length})`)).toBe(true);
    });
  });

  it('returns nothing for nothing', () => {
    expect(splitThread(['', '   '])).toEqual([]);
  });
});
