import { z } from '../../config/zod.js';

/**
 * What a shortcode, Liquid tag or MDX component becomes: a Markdown template (`{{name}}` for a named
 * parameter or prop, `{{0}}` for a positional one, `{{inner}}` for the content of a paired shortcode or
 * the children of a component), an embed whose URL is such a template, or false to drop it.
 */
export const syntaxMappingSchema = z.union(
  [z.string(), z.strictObject({ embed: z.string().check(z.minLength(1)) }), z.literal(false)],
  { error: 'must be a Markdown template, { embed: "<url template>" } or false' },
);

export type SyntaxMapping = z.infer<typeof syntaxMappingSchema>;

/** The config file's top-level `shortcodes:` (Hugo shortcodes and Liquid tags by name) and `components:` (MDX components by name). */
export const userSyntaxConfigShape = {
  shortcodes: z.optional(z.record(z.string(), syntaxMappingSchema)),
  components: z.optional(z.record(z.string(), syntaxMappingSchema)),
};

export const userSyntaxConfigSchema = z.object(userSyntaxConfigShape);

export type UserSyntaxConfig = z.infer<typeof userSyntaxConfigSchema>;
