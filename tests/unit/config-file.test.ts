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
