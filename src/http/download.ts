import { USER_AGENT } from '../version.js';
import type { DownloadedImage } from '../platforms/types.js';

/**
 * Fetches an image from any http(s) URL (a post's cover, for a platform that wants the bytes). Whatever
 * goes wrong — a bad URL, a timeout, a non-image, more than `maxBytes` — the answer is undefined: an
 * image is an extra, never a reason to fail a publish.
 */
export async function downloadImage(url: string, maxBytes: number, timeoutMs: number): Promise<DownloadedImage | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    const response = await fetch(url, { headers: { 'User-Agent': USER_AGENT, Accept: 'image/*' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    const mimeType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (!response.ok || !mimeType.startsWith('image/') || declared > maxBytes) {
      await response.body?.cancel();
      return undefined;
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    return bytes.length > 0 && bytes.length <= maxBytes ? { bytes, mimeType } : undefined;
  } catch {
    return undefined;
  }
}
