import { buildDefaultFleet } from './src/default-fleet';
import { runRender } from './src/fleet/cli';

// `cdk8s synth` passes its output folder in CDK8S_OUTDIR; `npm run synth` renders into dist/.
process.exitCode = runRender(buildDefaultFleet, process.env.CDK8S_OUTDIR ?? 'dist');
