import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { XpostError } from '../errors/xpost-error.js';
import type { Env } from '../platforms/types.js';

/** The process environment over the working directory's .env: a variable set for real always wins. */
export function loadEnvironment(cwd: string, processEnv: Env): Env {
  const file = path.join(cwd, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...processEnv };
    throw new XpostError('CONFIG_INVALID', `.env cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      file: '.env',
      hint: 'Check its permissions or remove it.',
    });
  }
  return { ...dotenv.parse(text), ...processEnv };
}
