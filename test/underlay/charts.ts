import { Chart, Testing } from 'cdk8s';
import { ClusterNetwork, InstallUnderlayProps } from '../../src';

/**
 * The cluster "az1" as a user without the fleet writes it: an object literal passed as `cluster`
 * (the same network as `oneClusterFleet()`'s az1).
 */
export function az1Network(props: Partial<ClusterNetwork> = {}): ClusterNetwork {
  return {
    name: 'az1', podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12',
    masterNodeIps: ['192.168.65.3'], gatewayNodes: [], ...props,
  };
}

/** az1 installed with the seed's install-time underlay (eth1, untagged, 172.17.0.0/16), as `installUnderlayFleet()`. */
export function installUnderlayNetwork(install: Partial<InstallUnderlayProps> = {}, props: Partial<ClusterNetwork> = {}): ClusterNetwork {
  return az1Network({ podCidr: '172.17.0.0/16', installUnderlay: { interfaceName: 'eth1', vlanId: 0, ...install }, ...props });
}

/** What cdk8s reports for a chart. */
export interface ChartProblems {
  /** Validation errors, `[construct path] message`. */
  readonly errors: string[];
  /** Warnings, `[construct path] message`. */
  readonly warnings: string[];
}

const VALIDATION_FAILED = 'Validation failed with the following errors:\n  ';

/**
 * Synthesizes a plain cdk8s chart as `app.synth()` does and returns what cdk8s itself reports: the
 * errors of the validation it runs (it throws them) and the warnings printed to stderr meanwhile.
 * Nothing here reads the constructs: the test sees what a user of a plain chart sees.
 */
export function synthProblems(chart: Chart): ChartProblems {
  const printed: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  let errors: string[] = [];
  try {
    Testing.synth(chart);
  } catch (e) {
    const message = (e as Error).message;
    if (!message.startsWith(VALIDATION_FAILED)) throw e;
    errors = message.slice(VALIDATION_FAILED.length).split('\n  ');
  } finally {
    spy.mockRestore();
  }
  const warnings = printed.join('').split('\n').filter((l) => l !== '').map((l) => {
    expect(l).toMatch(/^warning: \[/);
    return l.slice('warning: '.length);
  });
  return { errors, warnings };
}

/** The validation errors cdk8s reports for a plain chart. */
export function chartErrors(chart: Chart): string[] {
  return synthProblems(chart).errors;
}

/** The warnings a plain chart prints when cdk8s synthesizes it. */
export function chartWarnings(chart: Chart): string[] {
  return synthProblems(chart).warnings;
}

/** Two plain charts "az1" and "az2" in one cdk8s app (a user's two clusters without the fleet). */
export function twoCharts(): { az1: Chart; az2: Chart } {
  const app = Testing.app();
  return { az1: new Chart(app, 'az1'), az2: new Chart(app, 'az2') };
}
