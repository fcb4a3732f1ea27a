import { describe, expect, it } from 'vitest';
import { fitDevtoTags, fitHashnodeTags, fitMediumTags, hashnodeSlug, toHashtags } from '../../src/platforms/tags.js';

describe('tag normalisers', () => {
  it('dev.to: lower-case alphanumeric, at most 4, every change reported', () => {
    const fitted = fitDevtoTags(['Web-Dev', 'Node.js', 'webdev', 'Café', 'five', 'six']);
    expect(fitted.tags).toEqual(['webdev', 'nodejs', 'cafe', 'five']);
    expect(fitted.notes).toEqual([
      'tag "Web-Dev" sent as "webdev"',
      'tag "Node.js" sent as "nodejs"',
      'tag "Café" sent as "cafe"',
      'tags "six" dropped: dev.to allows at most 4 tags',
    ]);
  });

  it('dev.to: drops tags with no letters or over 30 characters', () => {
    const fitted = fitDevtoTags(['---', 'a'.repeat(31)]);
    expect(fitted.tags).toEqual([]);
    expect(fitted.notes).toHaveLength(2);
  });

  it('Hashnode: slug and name pairs, at most 15', () => {
    expect(hashnodeSlug('Web Development')).toBe('web-development');
    expect(hashnodeSlug('Node.js')).toBe('nodejs');
    expect(hashnodeSlug('C#')).toBe('csharp');
    const fitted = fitHashnodeTags(Array.from({ length: 17 }, (_, index) => `Tag ${index}`));
    expect(fitted.tags).toHaveLength(15);
    expect(fitted.tags[0]).toEqual({ slug: 'tag-0', name: 'Tag 0' });
    expect(fitted.notes[0]).toContain('at most 15');
  });

  it('Medium: first 3 tags, none over 25 characters', () => {
    const fitted = fitMediumTags(['JavaScript', 'a tag that is far too long to be used', 'Web  Dev', 'Node', 'Extra']);
    expect(fitted.tags).toEqual(['JavaScript', 'Web Dev', 'Node']);
    expect(fitted.notes.join('\n')).toContain('over 25 characters');
    expect(fitted.notes.join('\n')).toContain('"Extra" dropped');
  });

  it('each platform keeps one tag per name, as the platform compares names, and a duplicate takes no place', () => {
    expect(fitHashnodeTags(['Node.js', 'nodejs', 'NodeJS', 'react']).tags).toEqual([
      { slug: 'nodejs', name: 'Node.js' },
      { slug: 'react', name: 'react' },
    ]);
    expect(fitMediumTags(['JavaScript', 'javascript', 'JAVASCRIPT', 'Node', 'CSS']).tags).toEqual(['JavaScript', 'Node', 'CSS']);
    expect(fitMediumTags(['JavaScript', 'javascript', 'JAVASCRIPT', 'Node', 'CSS']).notes).toEqual([]);
    expect(fitDevtoTags(['Web-Dev', 'webdev', 'web dev', 'css', 'html', 'js']).tags).toEqual(['webdev', 'css', 'html', 'js']);
    expect(fitHashnodeTags([...Array.from({ length: 15 }, (_, index) => `Tag ${index}`), 'tag 0']).notes).toEqual([]);
  });

  it('hashtags: CamelCase from multi-word tags', () => {
    expect(toHashtags(['web development', 'node.js', 'JWT', 'jwt']).tags).toEqual(['#WebDevelopment', '#NodeJs', '#JWT']);
  });
});
