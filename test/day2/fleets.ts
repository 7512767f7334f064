import { parse } from 'yaml';
import { Fleet, FleetCluster, Interconnection, renderFleetFiles } from '../../src';
import { twoClusterFleet } from '../support/fleets';

/**
 * The seed's manual-route example: az1 and az2 both use 10.16.0.0/16 as ovn-default (so auto-route
 * is impossible) and share one subnet each: az1's 10.201.0.0/24, az2's 10.200.0.0/24.
 */
export function manualRouteFleet(opts: { tsNum?: number; route1?: Partial<{ cidrs: string[]; nextHop: string }>; route2?: Partial<{ cidrs: string[]; nextHop: string }>; noReverse?: boolean } = {}) {
  const f = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic1: { autoRoute: false }, ic2: { autoRoute: false }, tsNum: opts.tsNum });
  f.ic1.addSubnet('shared-a', { cidrBlock: '10.201.0.0/24' });
  f.ic2.addSubnet('shared-b', { cidrBlock: '10.200.0.0/24' });
  route(f.ic1, f.az2, { cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31', ...opts.route1 });
  if (!opts.noReverse) route(f.ic2, f.az1, { cidrs: ['10.201.0.0/24'], nextHop: '169.254.100.79', ...opts.route2 });
  return f;
}

function route(from: Interconnection, to: FleetCluster, r: { cidrs: string[]; nextHop: string }): void {
  from.routeToPeer({ peer: to, ...r });
}

/** A fleet's rendered output as the plan reads it. */
export function rendered(fleet: Fleet): Map<string, string> {
  return new Map(renderFleetFiles(fleet).files.map((f) => [f.file, f.content]));
}

/** The documents of one cluster from a rendered output. */
export function clusterDocs(files: ReadonlyMap<string, string>, cluster: string): unknown[] {
  return [...files].filter(([f]) => f.startsWith(`clusters/${cluster}/`)).map(([, c]) => parse(c));
}
