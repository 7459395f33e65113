#!/usr/bin/env node
// Runs the bundled CLI (npm run build, also run on install and before npm start).
import '../dist/cli.js';
