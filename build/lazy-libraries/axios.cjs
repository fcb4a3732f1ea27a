'use strict';
// The HTTP client, for runs that talk to the platforms (src/http/client.ts). CommonJS exporting the
// package itself, as src/ (an ES module package) takes a CommonJS module's default to be module.exports.
module.exports = require('axios');
