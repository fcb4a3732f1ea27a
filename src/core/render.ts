import type { PlatformOverride } from '../config/front-matter.js';
import type { PlatformId } from '../platforms/ids.js';
import { toHashtags } from '../platforms/tags.js';
import type { RenderedPost } from '../platforms/types.js';
import type { Post } from './load-post.js';

/** Front matter with the platform's own block laid over the shared fields. */
export function fieldsForPlatform(post: Post, platform: PlatformId) {
  const shared = post.frontMatter;
  const override: PlatformOverride = shared[platform] ?? {};
  return {
    title: override.title ?? shared.title,
    description: override.description ?? shared.description,
    tags: override.tags ?? shared.tags ?? [],
    canonicalUrl: override.canonical_url ?? shared.canonical_url,
    coverImage: override.cover_image ?? shared.cover_image,
    published: override.published ?? shared.published,
    series: override.series ?? shared.series,
    slug: override.slug ?? shared.slug,
    date: shared.date,
  };
}

/** The post as one platform receives it: the article for article platforms, a short share for LinkedIn. */
export function renderForPlatform(post: Post, platform: PlatformId): RenderedPost {
  const fields = fieldsForPlatform(post, platform);
  const body = platform === 'linkedin' ? linkedinShareText(fields) : post.body;
  return { platform, ...fields, body };
}

/** A LinkedIn share is a teaser that links to the original, never the whole article. */
function linkedinShareText(fields: ReturnType<typeof fieldsForPlatform>): string {
  const hashtags = toHashtags(fields.tags).tags.join(' ');
  return [fields.title, fields.description, fields.canonicalUrl ? `Read the full post: ${fields.canonicalUrl}` : undefined, hashtags || undefined]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
}
