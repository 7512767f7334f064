import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Vpc, VpcSpec } from '../../imports/kubeovn.io';
import { Cidr } from '../net';

/**
 * Priority of the `allow` policies rendered with manual routes. Kube-OVN reroutes pod traffic of
 * distributed-gateway subnets to the node at priority 29000; a destination that must follow the
 * static route to the transit switch needs an `allow` above that. ovn-ic-controller mirrors
 * auto-learned routes at 29500 for the same reason; manual routes get the same priority.
 */
export const MANUAL_ROUTE_POLICY_PRIORITY = 29500;

/** The annotation that records which availability zone each routed CIDR belongs to (read by `npm run plan`). */
export const ROUTE_PEERS_ANNOTATION = 'cdk8s-ovn-ic/route-peers';

/** One manual route: a peer's CIDR and the next hop on a transit switch. */
export interface ManualRoute {
  readonly cidr: Cidr;
  readonly nextHop: string;
  /** az-name of the cluster the CIDR belongs to. */
  readonly peerAzName: string;
}

/** Props of {@link DefaultVpcRoutes}. */
export interface DefaultVpcRoutesProps {
  /** The routes to render; read at synth time, so routes added later count. */
  readonly routes: () => readonly ManualRoute[];
}

/** `ip4.dst == 10.17.0.0/24` or `ip6.dst == fd00::/64`, the match Kube-OVN writes for its own policies. */
export function destinationMatch(cidr: Cidr): string {
  return `${cidr.family === 'IPv4' ? 'ip4' : 'ip6'}.dst == ${cidr}`;
}

/**
 * The default VPC `ovn-cluster` as this package renders it in manual-route mode: `spec.staticRoutes`
 * (one route per shared CIDR, next hop on a transit switch) and `spec.policyRoutes` (an `allow` per
 * CIDR so the gateway reroute policies do not send the traffic to the node instead).
 *
 * Why the Vpc and not `ovn-nbctl lr-route-add`: in Kube-OVN v1.13.15 the Vpc reconciler lists every
 * static route of the router and deletes each one that is neither in `spec.staticRoutes` nor one of
 * its own default routes (the vendor filter that would spare foreign routes came after v1.13.15), and
 * it runs on every kube-ovn-controller start. A route added by hand or by a Job is therefore removed
 * at the next restart; a route in the spec is re-added. Custom `policyRoutes` of the default VPC are
 * diffed against the previous spec only, so Kube-OVN's own policies are left alone.
 *
 * kube-ovn-controller creates `ovn-cluster` and only ever patches its status, so applying this object
 * adds the two lists to it. The object must never be deleted (it is the cluster router's VPC): Argo CD
 * neither prunes nor deletes it (`Prune=false,Delete=false`), Flux does not prune it.
 */
export class DefaultVpcRoutes extends Construct {
  /** The default VPC's name. */
  public static readonly VPC_NAME = 'ovn-cluster';
  public readonly resource: Vpc;

  constructor(scope: Construct, id: string, props: DefaultVpcRoutesProps) {
    super(scope, id);
    const sorted = () => [...props.routes()].sort(compareRoutes);
    this.resource = new Vpc(this, 'Resource', {
      metadata: {
        name: DefaultVpcRoutes.VPC_NAME,
        annotations: {
          // the default VPC belongs to Kube-OVN: never prune or cascade-delete it
          'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
          'kustomize.toolkit.fluxcd.io/prune': 'disabled',
          [ROUTE_PEERS_ANNOTATION]: Lazy.any({ produce: () => sorted().map((r) => `${r.cidr}@${r.peerAzName}`).join(',') }),
        },
      },
      spec: Lazy.any({
        // typed: the L1 maps its camel-case fields (nextHopIp) to the API's names (nextHopIP)
        produce: (): VpcSpec => ({
          // ecmpMode, bfdId and routeTable have no omitempty upstream: any write by the controller adds
          // them as empty strings, so they are rendered that way and Git matches the live object
          staticRoutes: sorted().map((r) => ({ policy: 'policyDst', cidr: r.cidr.toString(), nextHopIp: r.nextHop, ecmpMode: '', bfdId: '', routeTable: '' })),
          policyRoutes: sorted().map((r) => ({ priority: MANUAL_ROUTE_POLICY_PRIORITY, action: 'allow', match: destinationMatch(r.cidr) })),
        }),
      }),
    });
  }
}

function compareRoutes(a: ManualRoute, b: ManualRoute): number {
  if (a.cidr.family !== b.cidr.family) return a.cidr.family < b.cidr.family ? -1 : 1;
  if (a.cidr.network !== b.cidr.network) return a.cidr.network < b.cidr.network ? -1 : 1;
  return a.cidr.prefix - b.cidr.prefix;
}
