import { describe, expect, it } from 'vitest';
import { embedFromUrl, findHtmlEmbeds, linkEmbed, type Embed } from '../../src/core/embeds.js';
import { devtoEmbed, hashnodeEmbed, mediumEmbed } from '../helpers/embed-writers.js';

describe('embedFromUrl', () => {
  const CASES: Array<[string, Embed | undefined]> = [
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42', { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }],
    ['//www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=5', { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }],
    ['https://www.youtube.com/shorts/abcdefghijk', { provider: 'youtube', url: 'https://www.youtube.com/watch?v=abcdefghijk' }],
    ['https://player.vimeo.com/video/76979871?h=8272103f6e', { provider: 'vimeo', url: 'https://vimeo.com/76979871' }],
    ['https://x.com/jack/status/20?s=20', { provider: 'twitter', url: 'https://x.com/jack/status/20' }],
    ['https://mobile.twitter.com/jack/status/20', { provider: 'twitter', url: 'https://twitter.com/jack/status/20' }],
    ['https://gist.github.com/octocat/6cad326836d38bd3a7ae.js?file=hello.rb', { provider: 'gist', url: 'https://gist.github.com/octocat/6cad326836d38bd3a7ae' }],
    ['https://codepen.io/chriscoyier/embed/preview/abc?default-tab=result', { provider: 'codepen', url: 'https://codepen.io/chriscoyier/pen/abc' }],
    ['https://codepen.io/chriscoyier/embed/abcDEF?default-tab=result', { provider: 'codepen', url: 'https://codepen.io/chriscoyier/pen/abcDEF' }],
    ['https://codesandbox.io/embed/new?fontsize=14', { provider: 'codesandbox', url: 'https://codesandbox.io/s/new' }],
    ['https://codesandbox.io/p/sandbox/react-new', { provider: 'codesandbox', url: 'https://codesandbox.io/p/sandbox/react-new' }],
    ['https://stackblitz.com/edit/ball-demo?embed=1&file=index.ts', { provider: 'stackblitz', url: 'https://stackblitz.com/edit/ball-demo' }],
    ['https://www.youtube.com/playlist?list=PL1', undefined],
    ['https://twitter.com/jack', undefined],
    ['https://example.com/watch?v=x', undefined],
    ['ftp://youtube.com/watch?v=dQw4w9WgXcQ', undefined],
    ['not a url', undefined],
  ];
  for (const [url, expected] of CASES) it(`${url}`, () => expect(embedFromUrl(url)).toEqual(expected));
});

describe('writers', () => {
  const video: Embed = { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' };
  const devtoTag: Embed = { ...video, devtoText: '{% youtube dQw4w9WgXcQ %}' };
  const repository: Embed = { provider: 'link', url: 'https://github.com/forem/forem', devtoText: '{% github forem/forem %}' };
  const userEmbed: Embed = { provider: 'other', url: 'https://www.loom.com/share/abc' };

  it('write dev.to\'s embed tag, or its own tag verbatim', () => {
    expect([video, devtoTag, repository, userEmbed].map(devtoEmbed)).toEqual([
      '{% embed https://www.youtube.com/watch?v=dQw4w9WgXcQ %}',
      '{% youtube dQw4w9WgXcQ %}',
      '{% github forem/forem %}',
      '{% embed https://www.loom.com/share/abc %}',
    ]);
  });

  it('write Hashnode\'s %[URL], Medium\'s bare URL and a plain link elsewhere; a link is never an embed', () => {
    expect([video, devtoTag, repository, userEmbed].map(hashnodeEmbed)).toEqual([
      '%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]',
      '%[https://www.youtube.com/watch?v=dQw4w9WgXcQ]',
      'https://github.com/forem/forem',
      '%[https://www.loom.com/share/abc]',
    ]);
    expect([video, repository].map(mediumEmbed)).toEqual(['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://github.com/forem/forem']);
    expect([devtoTag, userEmbed].map(linkEmbed)).toEqual(['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.loom.com/share/abc']);
  });
});

describe('findHtmlEmbeds', () => {
  it('finds an iframe with an entity-encoded src, and its exact span', () => {
    const html = '<div class="video"><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?a=1&amp;b=2" allowfullscreen></iframe></div>';
    const [found] = findHtmlEmbeds(html);
    expect(found?.embed).toEqual({ provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
    expect(html.slice(found?.start, found?.end)).toBe('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?a=1&amp;b=2" allowfullscreen></iframe>');
  });

  it('takes a tweet from its blockquote\'s status link and drops the widgets script', () => {
    const html = '<blockquote class="twitter-tweet" data-dnt="true"><p>Hi <a href="https://t.co/x">pic</a></p>&mdash; J <a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">date</a></blockquote>\n<script async src="https://platform.twitter.com/widgets.js"></script>';
    const found = findHtmlEmbeds(html);
    expect(found.map((item) => item.embed)).toEqual([{ provider: 'twitter', url: 'https://twitter.com/jack/status/20' }, undefined]);
  });

  it('turns unknown iframes and scripts into links with a note, and removes inline scripts', () => {
    const found = findHtmlEmbeds('<iframe src="//maps.example.net/m"></iframe><script src="https://cdn.example.org/w.js"></script><script>track()</script>');
    expect(found.map((item) => [item.embed?.url, item.note])).toEqual([
      ['https://maps.example.net/m', 'an <iframe> from maps.example.net is sent as a link: no platform embeds that site'],
      ['https://cdn.example.org/w.js', 'a <script> from cdn.example.org is sent as a link: no platform runs scripts'],
      [undefined, 'an inline <script> was removed: no platform runs scripts'],
    ]);
  });

  it('reads CodePen\'s own embed markup', () => {
    const [pen] = findHtmlEmbeds('<p class="codepen" data-slug-hash="PNaGbb" data-user="team/codepen"><span>See the Pen</span></p>');
    expect(pen?.embed).toEqual({ provider: 'codepen', url: 'https://codepen.io/team/codepen/pen/PNaGbb' });
  });
});
