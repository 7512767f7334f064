#!/usr/bin/env node
import { main } from './cli-main';

// exitCode rather than process.exit(): lets stdout drain when it is a pipe
process.exitCode = main(process.argv.slice(2));
