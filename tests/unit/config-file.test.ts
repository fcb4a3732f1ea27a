import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAMES, loadConfig, type LoadedConfig } from '../../src/config/config-file.js';
import { XpostError } from '../../src/errors/xpost-error.js';

/** A fresh working directory holding the given files (paths relative to it). */
async function workingDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xpost-config-'));
  for (const [relativePath, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true });
    await writeFile(path.join(dir, relativePath), text);
  }
  return dir;
}

async function configError(dir: string, explicitPath?: string): Promise<XpostError> {
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig(dir, explicitPath);
  } catch (error) {
    if (error instanceof XpostError) return error;
    throw error;
  }
  throw new Error(`expected a config error, got ${JSON.stringify(loaded.config)}`);
}

const YAML_CONFIG = `
site:
  url: https://blog.example.com
  name: Example Blog
  canonical: "{site}/blog/posts/{slug}/"
author:
  name: Ada Lovelace
  links:
    github: https://github.com/ada
templates: my-templates
platforms:
  devto:
    tags: [javascript, webdev]
  medium:
    publish_status: draft
    tags: "one, two"
  linkedin:
    version: "202610"
schedule:
  medium: 21d
`;

describe('loadConfig: finding the file', () => {
  it('returns an empty config, no file and the working directory when there is no config file', async () => {
    const dir = await workingDir({ 'posts/a.md': '---\ntitle: A\n---\n\nA\n' });
    expect(await loadConfig(dir)).toEqual({ config: {}, file: undefined, baseDir: dir });
  });

  it('reads xpost.config.yaml and parses every documented section', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': YAML_CONFIG });
    const loaded = await loadConfig(dir);
    expect(loaded.file).toBe(path.join(dir, 'xpost.config.yaml'));
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.config).toEqual({
      site: { url: 'https://blog.example.com', name: 'Example Blog', canonical: '{site}/blog/posts/{slug}/' },
      author: { name: 'Ada Lovelace', links: { github: 'https://github.com/ada' } },
      templates: 'my-templates',
      platforms: {
        devto: { tags: ['javascript', 'webdev'] },
        medium: { publish_status: 'draft', tags: ['one', 'two'] },
        linkedin: { version: '202610' },
      },
      schedule: { medium: '21d' },
    });
  });

  it('reads xpost.config.yml', async () => {
    const dir = await workingDir({ 'xpost.config.yml': 'site:\n  url: https://yml.example.com\n' });
    const loaded = await loadConfig(dir);
    expect(loaded.file).toBe(path.join(dir, 'xpost.config.yml'));
    expect(loaded.config).toEqual({ site: { url: 'https://yml.example.com' } });
  });

  it('reads xpost.config.json', async () => {
    const dir = await workingDir({ 'xpost.config.json': JSON.stringify({ site: { url: 'https://json.example.com' }, platforms: { devto: { tags: 'a, b' } } }) });
    const loaded = await loadConfig(dir);
    expect(loaded.file).toBe(path.join(dir, 'xpost.config.json'));
    expect(loaded.config).toEqual({ site: { url: 'https://json.example.com' }, platforms: { devto: { tags: ['a', 'b'] } } });
  });

  it('prefers .yaml, then .yml, then .json when several exist', async () => {
    expect(CONFIG_FILE_NAMES).toEqual(['xpost.config.yaml', 'xpost.config.yml', 'xpost.config.json']);
    const all = await workingDir({
      'xpost.config.yaml': 'templates: from-yaml\n',
      'xpost.config.yml': 'templates: from-yml\n',
      'xpost.config.json': '{"templates": "from-json"}',
    });
    expect((await loadConfig(all)).config.templates).toBe('from-yaml');
    const ymlAndJson = await workingDir({ 'xpost.config.yml': 'templates: from-yml\n', 'xpost.config.json': '{"templates": "from-json"}' });
    expect((await loadConfig(ymlAndJson)).config.templates).toBe('from-yml');
  });

  it('treats an empty YAML file as an empty config', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': '# nothing configured yet\n' });
    expect((await loadConfig(dir)).config).toEqual({});
  });

  it('reads an explicit --config path relative to the working directory, ignoring the default names', async () => {
    const dir = await workingDir({
      'xpost.config.yaml': 'templates: default-one\n',
      'configs/site.yaml': 'templates: ../shared-templates\n',
    });
    const loaded = await loadConfig(dir, 'configs/site.yaml');
    expect(loaded.config.templates).toBe('../shared-templates');
    expect(loaded.file).toBe(path.join(dir, 'configs', 'site.yaml'));
    // Relative paths inside the config (the templates folder) start at the config file's folder.
    expect(loaded.baseDir).toBe(path.join(dir, 'configs'));
  });

  it('accepts an explicit absolute --config path with any name, JSON included', async () => {
    const elsewhere = await workingDir({ 'custom.json': '{"site": {"url": "https://abs.example.com"}}' });
    const dir = await workingDir();
    const loaded = await loadConfig(dir, path.join(elsewhere, 'custom.json'));
    expect(loaded.config).toEqual({ site: { url: 'https://abs.example.com' } });
    expect(loaded.baseDir).toBe(elsewhere);
  });

  it('fails with CONFIG_INVALID naming the file when the explicit --config path does not exist', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': 'templates: t\n' });
    const error = await configError(dir, 'configs/missing.yaml');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.kind).toBe('input');
    expect(error.message).toContain(path.join('configs', 'missing.yaml'));
    expect(error.message).toContain('not found');
    expect(error.file).toBe(path.join('configs', 'missing.yaml'));
  });
});

describe('loadConfig: invalid files', () => {
  it('reports a YAML syntax error with the file and its line', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': 'site:\n  url: https://blog.example.com\n bad: indentation\n' });
    const error = await configError(dir);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('xpost.config.yaml');
    expect(error.message).toMatch(/YAML error/);
    expect(error.message).toMatch(/xpost\.config\.yaml:3\b|\bline 3\b/);
  });

  it('reports an unclosed flow sequence with the line it is on', async () => {
    const dir = await workingDir({ 'xpost.config.yml': 'site:\n  url: https://blog.example.com\nauthor:\n  name: [oops\n' });
    const error = await configError(dir);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('xpost.config.yml');
    expect(error.message).toMatch(/xpost\.config\.yml:[45]\b|\bline [45]\b/);
  });

  it('reports a JSON syntax error naming the file', async () => {
    const dir = await workingDir({ 'xpost.config.json': '{"site": {"url": "https://x.example.com",}}' });
    const error = await configError(dir);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^xpost\.config\.json: not valid JSON/);
  });

  it('names the key path of a value that fails validation', async () => {
    for (const url of ['/blog', 'ftp://files.example.com', 'not a url']) {
      const dir = await workingDir({ 'xpost.config.yaml': `site:\n  url: "${url}"\n` });
      const error = await configError(dir);
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toBe('xpost.config.yaml: "site.url" must be an absolute http(s) URL');
      expect(error.file).toBe('xpost.config.yaml');
    }
  });

  it('names nested key paths and lists every problem at once', async () => {
    const dir = await workingDir({
      'xpost.config.yaml': 'platforms:\n  linkedin:\n    version: "2026"\n  medium:\n    publish_status: secret\nschedule:\n  devto: soon\n',
    });
    const { message } = await configError(dir);
    expect(message).toContain('"platforms.linkedin.version" must be a LinkedIn API version YYYYMM');
    expect(message).toContain('"platforms.medium.publish_status"');
    expect(message).toContain('"schedule.devto" must be a duration such as 7d, 36h, 90m or 0');
  });

  it('names an unknown key and where it is, at the top level and inside a section', async () => {
    const dir = await workingDir({ 'xpost.config.yml': 'sites:\n  url: https://x.example.com\nplatforms:\n  devto:\n    tagz: [a]\n' });
    const { message, code } = await configError(dir);
    expect(code).toBe('CONFIG_INVALID');
    expect(message).toContain('"(top level)" unknown key "sites"');
    expect(message).toContain('"platforms.devto" unknown key "tagz"');
  });

  it('suggests the known key closest to a typo, and says a missing key is required', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': 'site:\n  ulr: https://x.example.com\nshedule:\n  devto: 7d\nplatforms:\n  devto:\n    tagz: [a]\n' });
    const { message } = await configError(dir);
    expect(message).toContain('"site" unknown key "ulr" (did you mean "url"?)');
    expect(message).toContain('"(top level)" unknown key "shedule" (did you mean "schedule"?)');
    expect(message).toContain('"platforms.devto" unknown key "tagz" (did you mean "tags"?)');
    expect(message).toContain('"site.url" is required');
    expect(message).not.toMatch(/Invalid input|expected string/);
    // Nothing close enough: no guess.
    expect((await configError(await workingDir({ 'xpost.config.yaml': 'wordpress: {}\n' }))).message).toBe('xpost.config.yaml: "(top level)" unknown key "wordpress"');
  });

  it('says what a value of the wrong kind must be', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': 'site:\n  url: 5\nposts:\n  skip_unpublished: sometimes\nauthor: Jane\n' });
    const { message } = await configError(dir);
    expect(message).toContain('"site.url" must be text');
    expect(message).toContain('"posts.skip_unpublished" must be true or false');
    expect(message).toContain('"author" must be a block of keys (key: value lines)');
  });

  it('names an unknown platform under platforms', async () => {
    const dir = await workingDir({ 'xpost.config.json': '{"platforms": {"myspace": {"enabled": true}}}' });
    expect((await configError(dir)).message).toContain('"platforms" unknown key "myspace"');
  });

  it('rejects a config that is not a mapping', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': '- a\n- b\n' });
    const error = await configError(dir);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^xpost\.config\.yaml: "\(top level\)"/);
  });

  it('names the explicit file in validation errors', async () => {
    const dir = await workingDir({ 'configs/site.yaml': 'site:\n  url: nope\n' });
    const error = await configError(dir, 'configs/site.yaml');
    expect(error.message).toBe(`${path.join('configs', 'site.yaml')}: "site.url" must be an absolute http(s) URL`);
  });
});

describe('loadConfig: hostile files', () => {
  it('refuses a FIFO given as --config without reading it', async () => {
    const dir = await workingDir();
    execFileSync('mkfifo', [path.join(dir, 'config.yaml')]);
    const started = Date.now();
    const error = await configError(dir, 'config.yaml');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('config file config.yaml cannot be read: it is not a regular file (a FIFO, device or socket); xpost reads only ordinary files');
    expect(error.file).toBe('config.yaml');
  });

  it('refuses a device such as /dev/zero and a folder', async () => {
    const dir = await workingDir({ 'configs/.keep': '' });
    expect((await configError(dir, '/dev/zero')).message).toContain('is not a regular file');
    expect((await configError(dir, 'configs')).message).toBe('config file configs cannot be read: it is a directory');
  });

  it('refuses a config file over 256 KiB', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': `# ${'x'.repeat(256 * 1024)}\n` });
    const error = await configError(dir);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('config file xpost.config.yaml cannot be read: it is larger than 256 KiB, the most xpost reads');
  });

  it('stops a YAML alias bomb as an input error naming the file', async () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (const [previous, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) {
      bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
    }
    const dir = await workingDir({ 'xpost.config.yaml': bomb });
    const error = await configError(dir);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^xpost\.config\.yaml: YAML error: too many aliases/);
  });

  it('refuses duplicate keys', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': 'timezone: UTC\ntimezone: Europe/Berlin\n' });
    expect((await configError(dir)).message).toMatch(/^xpost\.config\.yaml:2: YAML error at line 2: Map keys must be unique/);
  });
});

describe('loadConfig: site.canonical, front_matter and schedule', () => {
  it('accepts a canonical pattern with the documented placeholders', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': 'site:\n  url: https://example.org/blog\n  canonical: "{site}/{categories}/{year}/{month}/{day}/{slug}/"\n' });
    expect((await loadConfig(dir)).config.site?.canonical).toBe('{site}/{categories}/{year}/{month}/{day}/{slug}/');
  });

  it('names an unknown placeholder and a pattern that gives no absolute URL', async () => {
    const unknown = await configError(await workingDir({ 'xpost.config.yaml': 'site:\n  url: https://example.org\n  canonical: "{site}/{date}/{slug}/"\n' }));
    expect(unknown.message).toContain('"site.canonical" uses {date}, which xpost does not know; the placeholders are {site}, {slug}');
    const relative = await configError(await workingDir({ 'xpost.config.yaml': 'site:\n  url: https://example.org\n  canonical: "/blog/{slug}/"\n' }));
    expect(relative.message).toBe('xpost.config.yaml: "site.canonical" must give an absolute http(s) URL, e.g. "{site}/blog/{slug}/"');
  });

  it('reads a front_matter map and refuses unknown fields and paths that are no field paths', async () => {
    const dir = await workingDir({ 'xpost.config.yaml': 'front_matter:\n  cover_image: hero.src\n  description: meta.summary\n  date: dates[0]\n' });
    expect((await loadConfig(dir)).config.front_matter).toEqual({ cover_image: 'hero.src', description: 'meta.summary', date: 'dates[0]' });
    const bad = await configError(await workingDir({ 'xpost.config.yaml': 'front_matter:\n  hero: x\n  cover_image: "a b"\n' }));
    expect(bad.message).toContain('"front_matter" unknown key "hero"');
    expect(bad.message).toContain('"front_matter.cover_image" must be a front matter field path such as hero.src or images[0]');
    const notText = await configError(await workingDir({ 'xpost.config.yaml': 'front_matter:\n  date: 5\nsite:\n  url: https://example.org\n  canonical: 7\n' }));
    expect(notText.message).toContain('"front_matter.date" must be a front matter field path');
    expect(notText.message).toContain('"site.canonical" must be a URL pattern such as "{site}/blog/{slug}/"');
  });

  it.each(['99999999999999999999w', '3651d', '522w', '87700h'])('refuses a schedule delay of %s as longer than ten years', async (delay) => {
    const error = await configError(await workingDir({ 'xpost.config.yaml': `schedule:\n  devto: ${delay}\n` }));
    expect(error.message).toBe('xpost.config.yaml: "schedule.devto" must be at most 3650 days (10 years), e.g. 7d or 2w');
  });
});
