'use strict';
// A JSON parser with positions, for naming duplicate keys in a state file (src/state/json-duplicates.ts).
module.exports = require('@humanwhocodes/momoa');
