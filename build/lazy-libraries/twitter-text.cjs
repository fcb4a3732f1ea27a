'use strict';
// X's own length counting and URL finding, for X threads only (src/core/thread.ts); its default export as the module, as axios.cjs explains.
module.exports = require('twitter-text').default;
