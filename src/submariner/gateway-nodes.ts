import type { LabelledNode } from '../kube-ovn/node-labels';

/**
 * The label the Submariner gateway runs by: the operator v0.18.1 gives the gateway DaemonSet (and the globalnet and
 * metrics-proxy DaemonSets) `nodeSelector: {"submariner.io/gateway": "true"}` (`controllers/submariner/gateway_resources.go`);
 * subctl's `--label-gateway` sets it on one node. Without a labelled node no tunnel comes up.
 */
export const SUBMARINER_GATEWAY_LABEL = { key: 'submariner.io/gateway', value: 'true' } as const;

/** The gateway nodes of a Submariner member, labelled for the gateway DaemonSet. */
export function submarinerGatewayNodes(names: readonly string[]): LabelledNode[] {
  return names.map((name) => ({ name, labels: { [SUBMARINER_GATEWAY_LABEL.key]: SUBMARINER_GATEWAY_LABEL.value } }));
}
