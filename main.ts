import { buildDefaultFleet } from './src/default-fleet';
import { runApp } from './src/fleet/cli';

// `npm run synth` renders into dist/. `cdk8s synth` passes its output folder in CDK8S_OUTDIR, which the
// CLI deletes first: cdk8s.yaml points it at the scratch folder .cdk8s-synth, so the app renders into
// dist/ atomically and copies the result there; `cdk8s synth --output DIR` renders into DIR only.
process.exitCode = runApp(buildDefaultFleet);
