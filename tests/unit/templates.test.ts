import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplate, loadTemplate, TEMPLATE_FILES, userTemplateDir } from '../../src/core/templates.js';

describe('templates', () => {
  it('renders Markdown without HTML escaping', () => {
    const template = compileTemplate('devto', '{{title}} & <b>{{description}}</b>', 'test.hbs');
    expect(template.render({ title: 'A & B', description: '"quoted" <tag>' })).toBe('A & B & <b>"quoted" <tag></b>');
  });

  it('names the file and line of an unknown variable', () => {
    expect(() => compileTemplate('devto', 'line one\n{{title}}\n{{titel}}\n', 'my-templates/devto.md.hbs')).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID', message: 'my-templates/devto.md.hbs:3: unknown variable "titel"' }),
    );
    expect(() => compileTemplate('devto', '{{author.nickname}}', 't.hbs')).toThrow(/unknown variable "author.nickname"/);
    expect(() => compileTemplate('devto', '{{#if sites.url}}x{{/if}}', 't.hbs')).toThrow(/unknown variable "sites.url"/);
  });

  it('accepts item fields inside each blocks, @index, ../ paths and any author.links key', () => {
    const template = compileTemplate('devto', '{{#each author.link_list}}{{@index}} {{label}} {{../title}}\n{{/each}}{{author.links.mastodon}}', 't.hbs');
    expect(template.render({ title: 'T', author: { link_list: [{ label: 'Blog' }], links: { mastodon: 'm' } } })).toBe('0 Blog T\nm');
    expect(() => compileTemplate('devto', '{{#each headings}}{{../nope}}{{/each}}', 't.hbs')).toThrow(/unknown variable "nope"/);
  });

  it('names the file and line of broken syntax', () => {
    expect(() => compileTemplate('devto', 'ok\n{{#if title}}\nno end\n', 'broken.hbs')).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID', message: expect.stringMatching(/^broken\.hbs(:\d+)?: template syntax error/) }),
    );
  });

  it('prefers a user template of the same name, file by file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-templates-'));
    await writeFile(path.join(dir, TEMPLATE_FILES.devto), 'custom {{title}}');
    expect(loadTemplate('devto', dir, dir).render({ title: 'T' })).toBe('custom T');
    expect(loadTemplate('hashnode', dir, dir).file).toContain('(built-in)');
  });

  it('allows only the helpers xpost registers: log and unknown helpers are errors with file and line', () => {
    expect(() => compileTemplate('devto', 'ok\n{{log "debug"}}\n', 'my.hbs')).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID', message: 'my.hbs:2: unknown helper "log"', hint: expect.stringContaining('Helpers: if, unless, each, with.') }),
    );
    expect(() => compileTemplate('devto', '{{#shout title}}x{{/shout}}', 'my.hbs')).toThrow(/^my\.hbs:1: unknown helper "shout"/);
    expect(() => compileTemplate('devto', '{{upper title}}', 'my.hbs')).toThrow(/unknown helper "upper"/);
    expect(() => compileTemplate('devto', '{{#if (lookup tags 0)}}x{{/if}}', 'my.hbs')).toThrow(/unknown helper "lookup"/);
    expect(() => compileTemplate('devto', '{{> footer}}', 'my.hbs')).toThrow(/unknown partial/);
  });

  it('a template file that is a folder, and a templates folder that is missing or a file, are input errors', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-templates-'));
    await mkdir(path.join(dir, TEMPLATE_FILES.devto));
    expect(() => loadTemplate('devto', dir, dir)).toThrow(expect.objectContaining({ code: 'TEMPLATE_INVALID', message: expect.stringContaining('is not a template file') }));
    expect(() => userTemplateDir('nope', dir, dir)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: 'templates: "nope" does not exist (nope)' }));
    await writeFile(path.join(dir, 'afile'), 'x');
    expect(() => userTemplateDir('afile', dir, dir)).toThrow(/templates: "afile" is not a folder/);
    expect(userTemplateDir(undefined, dir, dir)).toBeUndefined();
    expect(userTemplateDir('.', dir, dir)).toBe(dir);
  });

  it('every built-in template compiles against the documented variables', () => {
    for (const name of Object.keys(TEMPLATE_FILES) as Array<keyof typeof TEMPLATE_FILES>) {
      expect(() => loadTemplate(name, undefined, process.cwd())).not.toThrow();
    }
  });
});
