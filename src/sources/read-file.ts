import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Largest post xpost reads: far above any real article, small enough that parsing stays quick. */
export const MAX_POST_BYTES = 2 * 1024 * 1024;
/** Largest config file (xpost's own and a site generator's) xpost reads. */
export const MAX_CONFIG_BYTES = 256 * 1024;

export type ReadOutcome =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'missing' | 'directory' | 'not-regular' | 'too-large' | 'unreadable'; detail: string };

/**
 * Reads a regular file of at most `limit` bytes. FIFOs, devices and sockets are refused before
 * anything is read (a FIFO would block forever, /dev/zero never ends): the file is opened
 * non-blocking, which never waits on a FIFO, and checked with fstat on that very descriptor.
 * Synchronous calls: for the small files read here, a promise-based FileHandle costs several times
 * the read itself (a third of `xpost status` over a thousand posts).
 */
export async function readRegularFile(file: string, limit: number): Promise<ReadOutcome> {
  try {
    const descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = fstatSync(descriptor);
      const refused = refusal(info, limit);
      if (refused) return refused;
      // Sized from the file, one byte more to notice growth past the limit.
      let buffer = Buffer.allocUnsafe(Math.min(info.size, limit) + 1);
      let length = 0;
      while (length < info.size || length === buffer.length) {
        if (length === buffer.length) {
          const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
          buffer.copy(larger, 0, 0, length);
          buffer = larger;
        }
        const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > limit) return tooLarge(limit);
      }
      return { ok: true, bytes: buffer.subarray(0, length) };
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', detail: 'not found' };
    if (code === 'EISDIR') return { ok: false, reason: 'directory', detail: 'is a directory' };
    // A socket cannot be opened as a file at all.
    if (code === 'ENXIO' || code === 'EOPNOTSUPP') return { ok: false, reason: 'not-regular', detail: NOT_REGULAR };
    return { ok: false, reason: 'unreadable', detail: `cannot be read (${code ?? 'unknown error'})` };
  }
}

const NOT_REGULAR = 'is not a regular file (a FIFO, device or socket); xpost reads only ordinary files';

function refusal(info: { isFile(): boolean; isDirectory(): boolean; size: number }, limit: number): ReadOutcome | undefined {
  if (info.isDirectory()) return { ok: false, reason: 'directory', detail: 'is a directory' };
  if (!info.isFile()) return { ok: false, reason: 'not-regular', detail: NOT_REGULAR };
  if (info.size > limit) return tooLarge(limit);
  return undefined;
}

function tooLarge(limit: number): ReadOutcome {
  return { ok: false, reason: 'too-large', detail: `is larger than ${formatBytes(limit)}, the most xpost reads` };
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}
