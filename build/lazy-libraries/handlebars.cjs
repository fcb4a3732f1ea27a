'use strict';
// Handlebars' parser and compiler, for user templates only (src/core/templates.ts requires it as the package itself).
module.exports = require('handlebars');
