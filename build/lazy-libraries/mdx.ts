// MDX and LaTeX syntax (acorn, JSX, ESM), for MDX posts only: the four packages src/core/body-parse.ts loads together.
export { mdxjs } from 'micromark-extension-mdxjs';
export { mdxFromMarkdown } from 'mdast-util-mdx';
// math only, not mathHtml: this keeps KaTeX out.
export { math } from 'micromark-extension-math';
export { mathFromMarkdown } from 'mdast-util-math';
