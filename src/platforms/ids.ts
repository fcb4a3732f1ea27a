/** The platforms xpost publishes to, in the order results are shown. Kept import-free so every layer can use it. */
export const PUBLISH_PLATFORM_IDS = ['devto', 'hashnode', 'medium', 'linkedin'] as const;
export type PlatformId = (typeof PUBLISH_PLATFORM_IDS)[number];

export function isPlatformId(value: string): value is PlatformId {
  return (PUBLISH_PLATFORM_IDS as readonly string[]).includes(value);
}
