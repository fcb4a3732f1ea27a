import twitterText from 'twitter-text';
import { XpostError } from '../errors/xpost-error.js';

export const MAX_TWEET_LENGTH = 280;

/** Length as X counts it: URLs 23, emoji and CJK 2, NFC-normalised. */
export function tweetLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

export interface SplitThreadOptions {
  /** Weighted length limit per tweet, suffix included; defaults to MAX_TWEET_LENGTH. */
  maxLength?: number;
  /** Text appended to tweet `position` of `total`; the default puts "k/N" on its own last line. */
  suffix?: (position: number, total: number) => string;
  /** Number a lone tweet too ("1/1"); off by default, since one tweet is not a thread. */
  numberSingleTweet?: boolean;
}

const defaultSuffix = (position: number, total: number): string => `\n\n${position}/${total}`;

// A URL alone weighs 23, so a smaller budget could leave a link that fits nowhere.
const MIN_CONTENT_BUDGET = 24;

/**
 * Turns the template's parts (the author's tweet boundaries) into numbered tweets that each fit the limit.
 * Room for the suffix is reserved before splitting; if numbering still overflows (more tweets, wider numbers),
 * more room is reserved and the parts are split again, so N is always the final count.
 */
export function splitThread(parts: string[], options: SplitThreadOptions = {}): string[] {
  const maxLength = options.maxLength ?? MAX_TWEET_LENGTH;
  const suffix = options.suffix ?? defaultSuffix;
  const numberSingle = options.numberSingleTweet ?? false;
  const texts = parts.map((part) => part.trim()).filter((part) => part !== '');
  const numbered = (chunks: string[]): string[] =>
    chunks.length === 1 && !numberSingle ? chunks : chunks.map((chunk, index) => chunk + suffix(index + 1, chunks.length));

  let reserve = 0;
  for (;;) {
    const budget = maxLength - reserve;
    if (budget < MIN_CONTENT_BUDGET) {
      throw new XpostError('TEMPLATE_INVALID', `the thread numbering suffix leaves fewer than ${MIN_CONTENT_BUDGET} characters per tweet`, {
        hint: 'Use a shorter numbering suffix.',
      });
    }
    const tweets = numbered(texts.flatMap((text) => splitToFit(text, budget)));
    const overflow = Math.max(0, ...tweets.map(tweetLength)) - maxLength;
    if (overflow <= 0) return tweets;
    reserve += overflow;
  }
}

/** Greedy split of one part: the farthest sentence boundary that fits, else line, else word, else characters. */
function splitToFit(text: string, budget: number): string[] {
  const levels = boundaryLevels(text);
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    const rest = text.slice(start).trim();
    if (tweetLength(rest) <= budget) {
      chunks.push(rest);
      break;
    }
    const cut = farthestFittingCut(text, start, budget, levels) ?? characterCut(text, start, budget);
    chunks.push(text.slice(start, cut).trim());
    start = cut + (/^\s*/.exec(text.slice(cut))?.[0].length ?? 0);
  }
  return chunks.filter((chunk) => chunk !== '');
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Candidate cut positions, coarsest first: sentence starts, line starts, word starts; none inside a URL. */
function boundaryLevels(text: string): number[][] {
  const urlRanges = twitterText.extractUrlsWithIndices(text).map((entity) => entity.indices);
  const outsideUrls = (position: number): boolean => urlRanges.every(([start, end]) => position <= start || position >= end);
  const sentenceStarts = Array.from(sentenceSegmenter.segment(text), (segment) => segment.index);
  const positionsAfter = (pattern: RegExp): number[] => Array.from(text.matchAll(pattern), (match) => match.index + match[0].length);
  return [sentenceStarts, positionsAfter(/\n/g), positionsAfter(/\s+/g)].map((level) =>
    level.filter((position) => position > 0 && position < text.length && outsideUrls(position)),
  );
}

/**
 * The farthest cut that fits, at the coarsest level whose cut fills at least half a tweet:
 * ending on a sentence is worth a shorter tweet, but not a three-word one.
 */
function farthestFittingCut(text: string, start: number, budget: number, levels: number[][]): number | undefined {
  let coarsestCut: number | undefined;
  for (const level of levels) {
    const cut = farthestFittingPosition(text, start, budget, level);
    if (cut === undefined) continue;
    if (tweetLength(text.slice(start, cut).trim()) >= budget / 2) return cut;
    coarsestCut ??= cut;
  }
  return coarsestCut;
}

function farthestFittingPosition(text: string, start: number, budget: number, positions: number[]): number | undefined {
  let farthest: number | undefined;
  for (const position of positions) {
    if (position <= start) continue;
    if (tweetLength(text.slice(start, position).trim()) > budget) break;
    farthest = position;
  }
  return farthest;
}

/** Last resort for a single word longer than a tweet: cut between characters (graphemes, so emoji stay whole). */
function characterCut(text: string, start: number, budget: number): number {
  let cut = start;
  for (const { index, segment } of graphemeSegmenter.segment(text.slice(start))) {
    if (cut > start && tweetLength(text.slice(start, start + index + segment.length)) > budget) break;
    cut = start + index + segment.length;
  }
  return cut;
}
