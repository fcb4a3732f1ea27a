/**
 * Build step: the built-in templates checked and precompiled, so the CLI renders them on
 * handlebars/runtime and never loads Handlebars' parser and compiler for them (src/core/templates.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { compileTemplate, TEMPLATE_COMPILE_OPTIONS, TEMPLATE_FILES, type TemplateName } from '../src/core/templates.js';

/** The source of a module exporting PRECOMPILED_TEMPLATES, as src/core/built-in-templates.ts declares it. */
export function precompiledTemplatesModule(templatesDir: string): string {
  const entries = Object.entries(TEMPLATE_FILES).map(([name, fileName]) => {
    const source = readFileSync(path.join(templatesDir, fileName), 'utf8');
    // The same variable and helper checks as at run time: a built-in template that fails them fails the build.
    compileTemplate(name as TemplateName, source, `templates/${fileName}`, Handlebars);
    return `  ${JSON.stringify(fileName)}: ${String(Handlebars.precompile(source, { ...TEMPLATE_COMPILE_OPTIONS }))},`;
  });
  return `export const PRECOMPILED_TEMPLATES = {\n${entries.join('\n')}\n};\n`;
}
