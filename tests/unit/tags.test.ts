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

describe('tag rules at their edges', () => {
  it('dev.to: 30 characters are kept, 31 dropped with the rule', () => {
    expect(fitDevtoTags(['a'.repeat(30)]).tags).toEqual(['a'.repeat(30)]);
    expect(fitDevtoTags(['a'.repeat(31)])).toEqual({ tags: [], notes: [`tag "${'a'.repeat(31)}" dropped: dev.to tags are 1 to 30 letters or digits`] });
  });

  it('Medium: 25 characters are kept, a blank tag is skipped without a note', () => {
    expect(fitMediumTags(['m'.repeat(25), '   '])).toEqual({ tags: ['m'.repeat(25)], notes: [] });
  });

  it('Hashnode: the name is the tag as written, trimmed; a tag without letters is dropped with a note', () => {
    expect(fitHashnodeTags(['  C++ ', '---', '--Web--Dev--'])).toEqual({
      tags: [
        { slug: 'cplusplus', name: 'C++' },
        { slug: 'web-dev', name: '--Web--Dev--' },
      ],
      notes: ['tag "---" dropped: it has no letters or digits'],
    });
  });

  it('hashtags: separators at either end make no empty words; a tag of symbols is dropped; a trimmed one-word tag needs no note', () => {
    expect(toHashtags(['-web-dev-', ' rust ', '!!!', 'café'])).toEqual({
      tags: ['#WebDev', '#rust', '#cafe'],
      notes: ['tag "-web-dev-" shown as #WebDev', 'tag "!!!" dropped: a hashtag needs letters or digits', 'tag "café" shown as #cafe'],
    });
  });
});
