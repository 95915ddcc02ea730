#!/usr/bin/env node
// The CLI is compiled from src/ into lib/ by `npm ci` (the prepare script).
import { main } from '../lib/cli.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
