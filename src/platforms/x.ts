import type { RenderTarget, ThreadKit } from './types.js';

/** The X thread: rendered for pasting (xpost does not post to X), split into parts of at most 280 as X counts. */
export const xTarget: RenderTarget<'x'> = {
  id: 'x',
  name: 'X',
  template: 'x.txt.hbs',
  body: { format: 'plain' },
  shape: 'thread',
  fitThread: (kit: ThreadKit) => ({ maxLength: kit.MAX_TWEET_LENGTH, measure: kit.tweetLength, unit: 'characters as X counts them' }),
  initSchedule: '14d',
  initScheduleComment: 'the X thread is not posted by xpost: `xpost render <post> --platform x` prints it',
};
