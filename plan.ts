import { buildDefaultFleet } from './src/default-fleet';
import { main } from './src/plan/cli-main';

// `npm run plan`: this repository's fleet (like main.ts) against its committed dist/.
// exitCode rather than process.exit(): lets stdout drain when it is a pipe
process.exitCode = main(process.argv.slice(2), buildDefaultFleet);
