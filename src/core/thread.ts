import twitterText from 'twitter-text';
import { XpostError } from '../errors/xpost-error.js';

/** X: weighted characters per post (`counting-characters.mdx`). */
export const MAX_TWEET_LENGTH = 280;
/** Bluesky: `app.bsky.feed.post` text holds at most 300 graphemes and 3,000 UTF-8 bytes (its lexicon). */
export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_BYTES = 3000;
/** Mastodon: each instance sets both (`GET /api/v2/instance` → `configuration.statuses`); these are the defaults. */
export const MASTODON_DEFAULT_MAX_CHARACTERS = 500;
export const MASTODON_DEFAULT_URL_LENGTH = 23;

/** A post's length as one platform counts it. */
export type TextMeasure = (text: string) => number;

/** Length as X counts it: URLs 23, emoji and CJK 2, NFC-normalised. */
export function tweetLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Length as Bluesky counts it: graphemes, so an emoji family or an accented letter is one. Its byte cap is `utf8Length`. */
export function blueskyLength(text: string): number {
  // Printable ASCII, tabs and line feeds are a grapheme each; the segmenter is costly, and splitting measures often.
  if (/^[\t\n\x20-\x7e]*$/.test(text)) return text.length;
  let graphemes = 0;
  for (const _ of graphemeSegmenter.segment(text)) graphemes += 1;
  return graphemes;
}

/** Size in UTF-8 bytes, which Bluesky caps (3,000 per post) and counts its facet offsets in. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export interface MastodonLengthOptions {
  /** The instance's `characters_reserved_per_url`. */
  urlLength?: number;
}

// Mastodon's Account::MENTION_RE: "@user" or "@user@domain", not right after a word character, "=" or "/".
const MASTODON_MENTION = /(?<![=/\p{L}\p{M}\p{Nd}\p{Pc}])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{M}\p{Nd}\p{Pc}]+(?:[.-]+[\p{L}\p{M}\p{Nd}\p{Pc}]+)*)?/giu;

/**
 * Length as Mastodon counts it (user guide "Posting"; its StatusLengthValidator): graphemes, every http(s) URL
 * as `urlLength` whatever its length, and a mention as its username only ("@alice@example.com" counts as "@alice").
 */
export function mastodonLength(text: string, { urlLength = MASTODON_DEFAULT_URL_LENGTH }: MastodonLengthOptions = {}): number {
  const urls = twitterText
    .extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })
    .map(({ indices: [start, end] }) => ({ start, end, countsAs: 'x'.repeat(urlLength) }));
  const mentions = Array.from(text.matchAll(MASTODON_MENTION), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
    countsAs: `@${match[1] ?? ''}`,
  })).filter((mention) => urls.every((url) => mention.end <= url.start || mention.start >= url.end));
  let countable = '';
  let position = 0;
  for (const entity of [...urls, ...mentions].sort((a, b) => a.start - b.start)) {
    countable += text.slice(position, entity.start) + entity.countsAs;
    position = entity.end;
  }
  return blueskyLength(countable + text.slice(position));
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

// Words whose full stop is often followed by a capital without ending the sentence ("Dr. Smith", "vs. Rust").
// Intl.Segmenter keeps "approx. ten" and "No. 5 is" whole by itself; "etc." ends sentences as often as not.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'cf', 'viz']);

/**
 * Where each sentence after the first starts in `text` (past the previous one's trailing spaces); a line break always
 * ends one. Intl.Segmenter is right about "Node.js", "v1.2" and "3.14" but also breaks after "Dr.", "e.g." or "U.S."
 * before a capital, after a list number ("1. Install"), and at a "?" or "!" inside a URL: those breaks are dropped.
 */
export function sentenceStarts(text: string): number[] {
  const inUrl = insideUrl(text);
  const starts: number[] = [];
  let segmentStart = 0;
  for (const { index } of sentenceSegmenter.segment(text)) {
    if (index === 0) continue;
    const segment = text.slice(segmentStart, index);
    // The sentence so far, from the last kept start: its last word is whole even where a URL was broken up.
    const sentence = text.slice(starts.at(-1) ?? 0, index);
    segmentStart = index;
    const endsLine = /\n\s*$/.test(segment);
    if (inUrl(index) || /^\s*\d{1,9}[.)]\s*$/.test(segment) || (!endsLine && endsWithAbbreviation(sentence))) continue;
    starts.push(index);
  }
  return starts;
}

function endsWithAbbreviation(sentence: string): boolean {
  const word = (/\S+$/.exec(sentence.trimEnd())?.[0] ?? '').replace(/^[("'“‘[]+/, '');
  return /^(?:\p{L}\.)+$/u.test(word) || ABBREVIATIONS.has(word.toLowerCase().replace(/\.$/, ''));
}

function insideUrl(text: string): (position: number) => boolean {
  const urlAt = urlAround(text);
  return (position) => urlAt(position) !== undefined;
}

/** The [start, end) of the URL that `position` falls strictly inside, if any. */
function urlAround(text: string): (position: number) => [number, number] | undefined {
  const ranges = twitterText.extractUrlsWithIndices(text).map((entity) => entity.indices);
  return (position) => ranges.find(([start, end]) => position > start && position < end);
}

export interface SplitThreadOptions {
  /** Length limit per post, suffix included, as `measure` counts it; defaults to MAX_TWEET_LENGTH. */
  maxLength?: number;
  /** How the platform counts length; defaults to X's weighted count (`tweetLength`). */
  measure?: TextMeasure;
  /** UTF-8 byte limit per post, suffix included (Bluesky: BLUESKY_MAX_BYTES); none by default. */
  maxBytes?: number;
  /** Text appended to post `position` of `total`; the default puts "k/N" on its own last line. */
  suffix?: (position: number, total: number) => string;
  /** Number a lone post too ("1/1"); off by default, since one post is not a thread. */
  numberSingleTweet?: boolean;
}

const defaultSuffix = (position: number, total: number): string => `\n\n${position}/${total}`;

// A URL alone weighs 23 on X, so a smaller budget could leave a link that fits nowhere.
const MIN_CONTENT_BUDGET = 24;

/** What one post may hold once the numbering suffix is set aside. */
interface Budget {
  measure: TextMeasure;
  length: number;
  bytes: number;
}

const fits = (text: string, budget: Budget): boolean => budget.measure(text) <= budget.length && utf8Length(text) <= budget.bytes;

/**
 * Turns the template's parts (the author's post boundaries) into numbered posts that each fit the limit.
 * Room for the suffix is reserved before splitting; if numbering still overflows (more posts, wider numbers),
 * more room is reserved and the parts are split again, so N is always the final count.
 */
export function splitThread(parts: string[], options: SplitThreadOptions = {}): string[] {
  const maxLength = options.maxLength ?? MAX_TWEET_LENGTH;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const measure = options.measure ?? tweetLength;
  const suffix = options.suffix ?? defaultSuffix;
  const numberSingle = options.numberSingleTweet ?? false;
  const texts = parts.map((part) => part.trim()).filter((part) => part !== '');
  const numbered = (chunks: string[]): string[] =>
    chunks.length === 1 && !numberSingle ? chunks : chunks.map((chunk, index) => chunk + suffix(index + 1, chunks.length));

  const reserve = { length: 0, bytes: 0 };
  for (;;) {
    const budget = { measure, length: maxLength - reserve.length, bytes: maxBytes - reserve.bytes };
    if (Math.min(budget.length, budget.bytes) < MIN_CONTENT_BUDGET) {
      throw new XpostError('TEMPLATE_INVALID', `the thread numbering suffix leaves fewer than ${MIN_CONTENT_BUDGET} characters per post`, {
        hint: 'Use a shorter numbering suffix.',
      });
    }
    const posts = numbered(texts.flatMap((text) => splitPart(text, budget)));
    const lengthOverflow = Math.max(0, ...posts.map(measure)) - maxLength;
    const bytesOverflow = Math.max(0, ...posts.map(utf8Length)) - maxBytes;
    if (lengthOverflow <= 0 && bytesOverflow <= 0) return posts;
    reserve.length += Math.max(0, lengthOverflow);
    reserve.bytes += Math.max(0, bytesOverflow);
  }
}

const CONTINUATION = '…';

// "…" sticks to a plain word, as in print ("runs on…" / "…and on"); beside punctuation, a URL, a tag or a mention it
// stands apart, so it never reads as part of them.
const isPlainWord = (word: string | undefined): boolean => word !== undefined && /^[\p{L}\p{N}'’-]+$/u.test(word);
const markCut = (piece: string): string => (isPlainWord(/\S+$/.exec(piece)?.[0]) ? piece : `${piece} `) + CONTINUATION;
const openRest = (rest: string): string => CONTINUATION + (isPlainWord(/^\S+/.exec(rest)?.[0]) ? rest : ` ${rest}`);

/**
 * Greedy split of one part at whole sentences, lines and paragraphs: each post takes as many as fit. Only a sentence
 * longer than a whole post is cut inside, and both halves are marked with "…".
 */
function splitPart(text: string, budget: Budget): string[] {
  // Most template parts fit whole: finding sentence and URL boundaries (ICU, twitter-text) is then not needed.
  if (fits(text, budget)) return [text];
  const cuts = cutPositions(text, budget);
  const spanFits = spanChecker(text, budget);
  const chunks: string[] = [];
  let start = 0;
  let continues = false;
  while (start < text.length) {
    // Blank lines go, but not the indentation of a code line that opens a post.
    const piece = (cut: number): string => {
      const slice = text.slice(start, cut).replace(/^(?:[ \t]*\n)+/, '').trimEnd();
      return continues ? openRest(slice) : slice;
    };
    const { cut, insideSentence } = nextCut(text, start, cuts, budget, piece, spanFits);
    chunks.push(insideSentence ? markCut(piece(cut)) : piece(cut));
    start = cut;
    continues = insideSentence;
  }
  return chunks.filter((chunk) => chunk !== '');
}

/**
 * Where the post that starts at `start` ends: after the last whole sentence that fits. A sentence longer than a whole
 * post is cut inside, at a clause or else a word boundary; it starts a post of its own unless what comes before it
 * would fill less than half of one.
 */
function nextCut(
  text: string,
  start: number,
  cuts: CutPositions,
  budget: Budget,
  piece: (cut: number) => string,
  spanFits: SpanCheck,
): { cut: number; insideSentence: boolean } {
  const wholeCut = farthestFitting(cuts.sentence, start, (cut) => spanFits(start, cut, piece));
  const unitStart = wholeCut ?? start;
  const unitEnd = cuts.sentence.find((cut) => cut > unitStart) ?? text.length;
  const unitFits = (): boolean => spanFits(unitStart, unitEnd, (end) => text.slice(unitStart, end).trim());
  if (wholeCut !== undefined && (budget.measure(piece(wholeCut)) >= budget.length / 2 || unitFits())) {
    return { cut: wholeCut, insideSentence: false };
  }
  const inUnit = (positions: number[]): number[] => positions.filter((cut) => cut > unitStart && cut < unitEnd);
  const markedPiece = (cut: number): string => markCut(piece(cut));
  const innerCut = bestInnerCut(inUnit(cuts.clause), inUnit(cuts.word), budget, markedPiece, (cut) => spanFits(start, cut, markedPiece));
  if (innerCut !== undefined) return { cut: innerCut, insideSentence: true };
  if (wholeCut !== undefined) return { cut: wholeCut, insideSentence: false };
  return { cut: graphemeCut(text, start, budget, (end) => fits(markedPiece(end), budget)), insideSentence: true };
}

/** Whether the text from `from` to `to`, as `render` writes it, fits a post. */
type SpanCheck = (from: number, to: number, render: (end: number) => string) => boolean;

// A span this many times the limit (in UTF-16 units) is first judged by a prefix.
const PREFIX_PROBE = 4;

/**
 * A span much longer than a post is first measured up to a grapheme boundary outside any URL, which counts no more
 * than the whole: measuring every remaining sentence in full for each post would make a long part quadratic.
 */
function spanChecker(text: string, budget: Budget): SpanCheck {
  const urlAt = urlAround(text);
  const graphemes = graphemeSegmenter.segment(text);
  return (from, to, render) => {
    const probe = from + PREFIX_PROBE * budget.length;
    if (to > probe) {
      const boundary = graphemes.containing(probe)?.index ?? probe;
      const prefixEnd = urlAt(boundary)?.[0] ?? boundary;
      if (prefixEnd > from && !fits(render(prefixEnd), budget)) return false;
    }
    return fits(render(to), budget);
  };
}

/** The farthest fitting clause boundary if it fills half a post, else the farthest word boundary, else that clause. */
function bestInnerCut(clauses: number[], words: number[], budget: Budget, pieceTo: (cut: number) => string, fitsUpTo: (cut: number) => boolean): number | undefined {
  const clause = farthestFitting(clauses, -1, fitsUpTo);
  if (clause !== undefined && budget.measure(pieceTo(clause)) >= budget.length / 2) return clause;
  return farthestFitting(words, -1, fitsUpTo) ?? clause;
}

function farthestFitting(positions: number[], start: number, fitsUpTo: (cut: number) => boolean): number | undefined {
  let farthest: number | undefined;
  for (const position of positions) {
    if (position <= start) continue;
    if (!fitsUpTo(position)) break;
    farthest = position;
  }
  return farthest;
}

/** Last resort for a single word longer than a post: as many whole graphemes as fit (so emoji stay whole), by bisection. */
function graphemeCut(text: string, start: number, budget: Budget, fitsUpTo: (end: number) => boolean): number {
  // Outside URLs a grapheme counts at least 1, so a post holds at most `length` of them: the rest of a long word
  // need not be segmented for each post.
  const window = text.slice(start, start + 16 * budget.length);
  const ends: number[] = [];
  for (const { index, segment } of graphemeSegmenter.segment(window)) {
    if (ends.length > budget.length) break;
    ends.push(start + index + segment.length);
  }
  if (ends.at(-1) === start + window.length && start + window.length < text.length) ends.pop();
  if (ends.length === 0) return start + (graphemeSegmenter.segment(text).containing(start)?.segment.length ?? 1);
  // ends[low] is taken even when it does not fit: each post holds at least one grapheme.
  let low = 0;
  let high = ends.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const end = ends[middle];
    if (end !== undefined && fitsUpTo(end)) low = middle;
    else high = middle - 1;
  }
  return ends[low] ?? text.length;
}

interface CutPositions {
  /** Ends of whole sentences, lines and paragraphs where a post may end, the end of the text last. */
  sentence: number[];
  /** After ; : , — or a closing parenthesis: where a sentence too long for one post is best cut. */
  clause: number[];
  /** Between words: spaces, and word starts in scripts written without them (Chinese, Japanese, Thai). */
  word: number[];
}

/**
 * Every position where a post may end, each the start of what follows. Never inside a URL, nor between a link's
 * text and its "(URL)", and never right after a lead-in colon: a sentence that introduces a list or code stays with
 * it, and when the two fit in one post they move to the next post together rather than be parted.
 */
function cutPositions(text: string, budget: Budget): CutPositions {
  const inUrl = insideUrl(text);
  const starts = sentenceStarts(text);
  const leadIns = new Set(starts.filter((start) => /[:：]$/.test(text.slice(0, start).trimEnd())));
  const kept = new Set(starts.filter((start) => !leadIns.has(start)));
  for (const [from, to] of leadInBlocks(text, starts, leadIns)) {
    if (fits(text.slice(from, to).trim(), budget)) for (const start of starts) if (start > from && start < to) kept.delete(start);
  }
  const inLink = insideLinkPhrase(text);
  const allowed = (positions: number[]): number[] =>
    positions.filter((position) => position > 0 && position < text.length && !inUrl(position) && !inLink(position) && !leadIns.has(position));
  const positionsAfter = (pattern: RegExp): number[] => Array.from(text.matchAll(pattern), (match) => match.index + match[0].length);
  return {
    sentence: [...[...kept].filter((position) => !inLink(position)), text.length],
    clause: allowed(positionsAfter(/[;:,)]\s+|—\s*|\s–\s+|[，、；：）]\s*/gu)),
    word: allowed([...positionsAfter(/\s+/g), ...unspacedWordStarts(text)].sort((a, b) => a - b)),
  };
}

/** A link's text is taken to be at most this many words before its "(URL)", and never to cross a clause or line. */
const MAX_LINK_TEXT_WORDS = 8;

/**
 * Whether a position falls inside a link as the plain text writes it, "text (URL)": cutting there would leave the
 * words in one post and the address they name in the next.
 */
function insideLinkPhrase(text: string): (position: number) => boolean {
  // In text order and merged where they touch, so one binary search answers.
  const phrases: Array<[number, number]> = [];
  for (const { indices: [start, end] } of twitterText.extractUrlsWithIndices(text)) {
    if (text.slice(start - 2, start) !== ' (' || text.charAt(end) !== ')') continue;
    const phrase: [number, number] = [linkTextStart(text, start - 2), end + 1];
    const previous = phrases.at(-1);
    if (previous && phrase[0] <= previous[1]) previous[1] = phrase[1];
    else phrases.push(phrase);
  }
  return (position) => {
    let low = 0;
    let high = phrases.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [start, end] = phrases[middle] ?? [0, 0];
      if (position <= start) high = middle - 1;
      else if (position >= end) low = middle + 1;
      else return true;
    }
    return false;
  };
}

/** Where the words before " (URL)" that name the link begin: a few words back, stopping at a clause end or a line break. */
function linkTextStart(text: string, space: number): number {
  const lineStart = text.lastIndexOf('\n', space - 1) + 1;
  const windowStart = Math.max(lineStart, space - 100 * MAX_LINK_TEXT_WORDS);
  const words = Array.from(text.slice(windowStart, space).matchAll(/\S+/g));
  let start = space;
  for (let index = words.length - 1; index >= 0 && words.length - index <= MAX_LINK_TEXT_WORDS; index -= 1) {
    const word = words[index];
    if (!word) break;
    start = windowStart + word.index;
    if (/[.!?;:,—]$/u.test(words[index - 1]?.[0] ?? '')) break;
  }
  return start;
}

/** Each lead-in sentence with what it introduces: from the sentence's start to the end of the paragraph after it. */
function leadInBlocks(text: string, starts: number[], leadIns: Set<number>): Array<[number, number]> {
  return [...leadIns].map((leadIn) => {
    const from = starts.filter((start) => start < leadIn && !leadIns.has(start)).at(-1) ?? 0;
    const content = leadIn + (/^\s*/.exec(text.slice(leadIn))?.[0].length ?? 0);
    const blankLine = /\n[ \t]*\n/.exec(text.slice(content));
    return [from, blankLine ? content + blankLine.index + blankLine[0].length : text.length];
  });
}

const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

function unspacedWordStarts(text: string): number[] {
  if (!UNSPACED_SCRIPT.test(text)) return [];
  return Array.from(wordSegmenter.segment(text))
    .filter(({ index, isWordLike }) => isWordLike && index > 0 && UNSPACED_SCRIPT.test(text.charAt(index - 1)) && UNSPACED_SCRIPT.test(text.charAt(index)))
    .map(({ index }) => index);
}

/** A link or hashtag in a post's text, by UTF-16 offsets ([start, end)); `uri` gets a scheme where the text has none. */
export type TextEntity = { kind: 'link'; start: number; end: number; uri: string } | { kind: 'tag'; start: number; end: number; tag: string };

/**
 * The links and hashtags a reader would expect to be clickable, found with the same URL rules the splitter
 * keeps whole (twitter-text's), so a link is never cut by a split nor left unlinked. Hashtags exclude the '#'.
 */
export function linksAndTags(text: string): TextEntity[] {
  const links = twitterText.extractUrlsWithIndices(text).map(({ url, indices: [start, end] }): TextEntity => ({
    kind: 'link',
    start,
    end,
    uri: /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`,
  }));
  const tags = twitterText.extractHashtagsWithIndices(text).map(({ hashtag, indices: [start, end] }): TextEntity => ({ kind: 'tag', start, end, tag: hashtag }));
  return [...links, ...tags].sort((a, b) => a.start - b.start);
}
