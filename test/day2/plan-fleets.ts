import { execFileSync } from 'child_process';
import {
  CableDriver, Cni, Fleet, FleetClusterProps, InterconnectionProps, PlanInput, planInput, renderFleetFiles, SecretSource, SubmarinerMembershipProps,
} from '../../src';
import { twoClusterFleet } from '../support/fleets';

/** A fleet's rendered output as `plan` reads it: the files and the model (fleet-model.json) among them. */
export function renderedInput(fleet: Fleet): PlanInput {
  return planInput(new Map(renderFleetFiles(fleet).files.map((f) => [f.file, f.content])));
}

interface RouteOptions {
  readonly cidrs: string[];
  readonly nextHop: string;
}

/**
 * The seed's manual-route example: az1 and az2 both use 10.16.0.0/16 as ovn-default (so auto-route
 * is impossible) and share one subnet each: az1's 10.201.0.0/24, az2's 10.200.0.0/24. az1 reaches
 * 10.200.0.0/24 through 169.254.100.31, az2 reaches 10.201.0.0/24 through 169.254.100.79.
 */
export function manualRoutePlanFleet(opts: {
  az2?: Partial<FleetClusterProps>;
  ic2?: Partial<InterconnectionProps>;
  route1?: Partial<RouteOptions>;
  extraRoutes?: boolean;
} = {}) {
  const f = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16', ...opts.az2 }, ic1: { autoRoute: false }, ic2: { autoRoute: false, ...opts.ic2 } });
  f.ic1.addSubnet('shared-a', { cidrBlock: '10.201.0.0/24' });
  f.ic2.addSubnet('shared-b', { cidrBlock: '10.200.0.0/24' });
  f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31', ...opts.route1 });
  f.ic2.routeToPeer({ peer: f.az1, cidrs: ['10.201.0.0/24'], nextHop: '169.254.100.79' });
  if (opts.extraRoutes) {
    f.ic2.addSubnet('shared-c', { cidrBlock: '10.202.0.0/24' });
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.202.0.0/24'], nextHop: '169.254.100.31' });
  }
  return f;
}

/** az1 with its IC server and az2, which is in the fleet but not interconnected (or absent). */
export function az1Fleet(opts: { az2?: 'absent' | 'not-interconnected' } = {}): Fleet {
  const full = twoClusterFleet();
  const fleet = new Fleet();
  const az1 = fleet.addCluster('az1', full.az1.props);
  az1.interconnect({ icDatabase: az1.addIcServer({ nodeIps: [...(full.az1.props.masterNodeIps ?? [])], tsNum: 3 }) });
  if (opts.az2 === 'not-interconnected') fleet.addCluster('az2', full.az2.props);
  return fleet;
}

/**
 * Seed 004's pair without Spiderpool pools: cluster-a runs the broker, both join it (libreswan, secrets
 * from Vault through argocd-vault-plugin, delivered by Argo CD).
 */
export function submarinerFleet(clusterB: Partial<Omit<SubmarinerMembershipProps, 'broker'>> = {}): Fleet {
  const fleet = new Fleet();
  const a = fleet.addCluster('cluster-a', { podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw-a'] });
  const b = fleet.addCluster('cluster-b', { podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw-b'] });
  const broker = a.addSubmarinerBroker({ apiServer: '10.6.168.73:6443' });
  for (const [c, extra] of [[a, {}], [b, clusterB]] as const) {
    c.joinSubmariner({
      broker,
      cableDriver: CableDriver.LIBRESWAN,
      brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${c.name}`, { key: 'token' }),
      brokerCa: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'ca' }),
      psk: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'psk' }),
      ...extra,
    });
  }
  fleet.deliverWithArgoCd({ repoUrl: 'https://git.example.com/fleet.git', revision: 'main', namespace: 'argocd' });
  return fleet;
}

/** Runs git in `cwd` with a fixed identity (tests never depend on the user's Git configuration). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=plan test', '-c', 'user.email=plan@test.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Commits everything in the working tree; returns the new commit. */
export function commitAll(cwd: string, message: string): string {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}
