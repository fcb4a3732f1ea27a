/**
 * The built-in templates precompiled, by file name. Undefined when xpost runs from its sources (they
 * are then compiled from templates/): the CLI build (build/precompile-templates.ts, via
 * build/plugins.ts) replaces this module with them, so rendering needs only handlebars/runtime.
 */
export const PRECOMPILED_TEMPLATES: Readonly<Record<string, TemplateSpecification>> | undefined = undefined;
