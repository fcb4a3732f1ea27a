'use strict';
// The spinner, for runs at an interactive terminal only (src/cli/reporter.ts); its default export as the module, as axios.cjs explains.
module.exports = require('ora').default;
