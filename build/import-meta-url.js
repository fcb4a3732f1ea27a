// import.meta.url for the CommonJS build (injected where src/ reads it): a file URL, escaped as Node makes it.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
