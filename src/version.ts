import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
// dev.to requires a User-Agent on every request; naming the tool lets platforms tell us apart.
export const USER_AGENT = `xpost/${VERSION} node/${process.versions.node}`;
