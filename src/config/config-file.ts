import path from 'node:path';
import { XpostError } from '../errors/xpost-error.js';
import { MAX_CONFIG_BYTES, formatBytes, readRegularFile } from '../sources/read-file.js';
import { configSchema, type XpostConfig } from './config-schema.js';

export const CONFIG_FILE_NAMES = ['xpost.config.yaml', 'xpost.config.yml', 'xpost.config.json'] as const;

export interface LoadedConfig {
  config: XpostConfig;
  /** Absolute path of the file read, undefined when there is none (everything works without one). */
  file: string | undefined;
  /** Directory relative paths in the config (the template folder) are resolved from. */
  baseDir: string;
}

/** Reads --config, else the first xpost.config.* in the working directory, else returns an empty config. */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  const candidates = explicitPath ? [path.resolve(cwd, explicitPath)] : CONFIG_FILE_NAMES.map((name) => path.join(cwd, name));
  for (const file of candidates) {
    const read = await readRegularFile(file, MAX_CONFIG_BYTES);
    if (!read.ok) {
      if (read.reason === 'missing' && !explicitPath) continue;
      const display = path.relative(cwd, file) || file;
      const why = read.reason === 'missing' ? 'cannot be read (not found)' : read.reason === 'unreadable' ? read.detail : `cannot be read: it ${read.detail}`;
      throw new XpostError('CONFIG_INVALID', `config file ${display} ${why}`, {
        file: display,
        hint: CONFIG_HINTS[read.reason] ?? (explicitPath ? 'Check the --config path.' : 'Check the file permissions.'),
      });
    }
    const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
    return { config: await parseConfigText(text, file, cwd), file, baseDir: path.dirname(file) };
  }
  return { config: {}, file: undefined, baseDir: cwd };
}

const CONFIG_HINTS: Partial<Record<string, string>> = {
  'not-regular': 'Point --config at an ordinary file.',
  directory: 'Point --config at the config file itself, not its folder.',
  'too-large': `A config file may be up to ${formatBytes(MAX_CONFIG_BYTES)}; keep posts and data out of it.`,
};

async function parseConfigText(text: string, file: string, cwd: string): Promise<XpostConfig> {
  const display = path.relative(cwd, file) || file;
  let data: unknown;
  if (file.endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new XpostError('CONFIG_INVALID', `${display}: not valid JSON: ${(error as Error).message}`, { file: display });
    }
  } else {
    // The yaml package is loaded only when a YAML config exists.
    const { parseYamlConfig } = await import('./yaml-text.js');
    data = parseYamlConfig(text, display);
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const { describeConfigIssues } = await import('./config-issues.js');
    const details = describeConfigIssues(parsed.error.issues, data);
    throw new XpostError('CONFIG_INVALID', `${display}: ${details.join('; ')}`, {
      file: display,
      hint: 'See "Configuration" in the README for the accepted keys.',
    });
  }
  return parsed.data;
}
