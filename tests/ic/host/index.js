'use strict';
// The IC test host: `const {Subnet} = require('./host')`. See README.md.
module.exports = require('./subnet');
