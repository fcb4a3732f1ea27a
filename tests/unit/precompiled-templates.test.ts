import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import HandlebarsRuntime from 'handlebars/runtime';
import { describe, expect, it } from 'vitest';
import { precompiledTemplatesModule } from '../../build/precompile-templates.js';
import { compileTemplate, TEMPLATE_FILES, type TemplateName } from '../../src/core/templates.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const TEMPLATES = path.join(REPO_ROOT, 'templates');

/** The specs the CLI build puts in place of src/core/built-in-templates.ts. */
function precompiledSpecs(): Record<string, TemplateSpecification> {
  const source = precompiledTemplatesModule(TEMPLATES);
  return new Function(source.replace('export const PRECOMPILED_TEMPLATES =', 'return'))() as Record<string, TemplateSpecification>;
}

const FULL = {
  title: 'A title with <html> & "quotes"',
  description: 'What it is about.',
  body: 'The body.\n\n```js\nconsole.log(1);\n```\n',
  canonical_url: 'https://blog.example.com/posts/a-title/',
  tags: ['node', 'testing'],
  hashtags: '#node #testing',
  cover_image: 'https://blog.example.com/cover.png',
  date: '2026-01-31',
  reading_time: 4,
  headings: [{ depth: 2, text: 'First' }, { depth: 2, text: 'Second' }],
  sections: [{ title: 'First', summary: 'One.' }, { title: 'Second', summary: 'Two.' }],
  excerpt: 'The opening lines.',
  question: 'What do you think?',
  platform: 'devto',
  platform_name: 'dev.to',
  author: {
    name: 'Ada',
    role: 'engineer',
    bio: 'Writes about tools.',
    links: { github: 'https://github.com/ada', mastodon: 'https://example.social/@ada' },
    link_list: [{ label: 'GitHub', url: 'https://github.com/ada' }, { label: 'Mastodon', url: 'https://example.social/@ada' }],
    x_handle: '@ada',
  },
  site: { url: 'https://blog.example.com', name: 'The Blog' },
};

const BARE = { title: 'Only a title', body: 'Body.\n', tags: [], headings: [], sections: [], author: { links: {}, link_list: [] }, site: {} };

describe('the built-in templates precompiled at build time', () => {
  it('render exactly what the same templates compiled at run time render, with every field and with almost none', () => {
    const specs = precompiledSpecs();
    expect(Object.keys(specs).sort()).toEqual(Object.values(TEMPLATE_FILES).sort());
    for (const [name, fileName] of Object.entries(TEMPLATE_FILES)) {
      const compiled = compileTemplate(name as TemplateName, readFileSync(path.join(TEMPLATES, fileName), 'utf8'), fileName);
      const precompiled = HandlebarsRuntime.template(specs[fileName]!);
      for (const data of [FULL, BARE]) expect(precompiled(data), fileName).toBe(compiled.render(data));
    }
  });

  it('fail the build when a built-in template uses a variable the documentation does not list', async () => {
    const broken = await mkdtemp(path.join(os.tmpdir(), 'xpost-templates-'));
    try {
      await cp(TEMPLATES, broken, { recursive: true });
      await writeFile(path.join(broken, TEMPLATE_FILES.devto), '{{titel}}\n');
      expect(() => precompiledTemplatesModule(broken)).toThrow(/unknown variable "titel"/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
