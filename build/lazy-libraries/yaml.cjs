'use strict';
// The full YAML parser, for YAML that js-yaml does not read the same way (src/config/yaml-text.ts).
module.exports = require('yaml');
