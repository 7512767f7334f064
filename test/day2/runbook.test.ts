import { Fleet, OVN_IC_RUNBOOK, renderOvnIcRunbook, resolveFleet } from '../../src';
import { twoClusterFleet } from '../support/fleets';
import { manualRouteFleet, rendered } from './fleets';

/** The runbook as the renderer writes it: from the resolved fleet's interconnected clusters. */
const runbookOf = (fleet: Fleet) => renderOvnIcRunbook(resolveFleet(fleet).icMembers);

describe('runbooks/ovn-ic.md', () => {
  test('is rendered outside the synced folders for every fleet with an interconnection', () => {
    const files = rendered(twoClusterFleet().fleet);
    expect(OVN_IC_RUNBOOK).toBe('runbooks/ovn-ic.md');
    expect(files.get(OVN_IC_RUNBOOK)).toBe(runbookOf(twoClusterFleet().fleet));
    expect([...rendered(new Fleet()).keys()]).toEqual(['fleet-model.json']);
  });

  test('names the database, its transit switches and, per cluster, the exact cleanup commands', () => {
    const text = runbookOf(twoClusterFleet().fleet);
    expect(text).toContain('## IC database 192.168.65.3,192.168.65.2,192.168.65.1');
    expect(text).toContain('- transit switches (TS_NUM 3): ts 169.254.100.0/24, ts1 169.254.101.0/24, ts2 169.254.102.0/24');
    expect(text).toContain('### Cluster az2');
    expect(text).toContain('[az2] delete the transit switches from the cluster\'s northbound database (ovn-ic stops but leaves them, and kube-ovn-controller\'s garbage collection skips `ts`): `kubectl ko nbctl --if-exists ls-del ts`, `kubectl ko nbctl --if-exists ls-del ts1`, `kubectl ko nbctl --if-exists ls-del ts2`');
    expect(text).toContain('`[az1] kubectl ko icsbctl --columns=_uuid find availability_zone name=az2`');
    expect(text).toContain('4. remove the IcServer from the fleet and sync: Argo CD / Flux prune Deployment kube-system/ovn-ic-server in cluster az1');
    expect(text).toContain('5. on each database node (192.168.65.3, 192.168.65.2, 192.168.65.1): `rm -f /etc/origin/ovn/ovn_ic_nb_db.db /etc/origin/ovn/ovn_ic_sb_db.db`');
    expect(text).toContain('inc-engine/recompute');
  });

  test('lists manual routes with the next-hop lookup per peer', () => {
    const text = runbookOf(manualRouteFleet().fleet);
    expect(text).toContain('- 10.200.0.0/24 of cluster az2 via 169.254.100.31');
    expect(text).toContain('[az1] the next hops to availability zone az2: `kubectl ko nbctl lsp-get-addresses ts-az2`, `kubectl ko nbctl lsp-get-addresses ts1-az2`, `kubectl ko nbctl lsp-get-addresses ts2-az2`');
    expect(text).toContain('`kubectl patch vpc ovn-cluster --type=merge -p \'{"spec":{"staticRoutes":null,"policyRoutes":null}}\'`');
  });

  test('external hosts: docker exec instead of kubectl ko, and the files under /etc/ovn', () => {
    const fleet = new Fleet();
    const icDatabase = fleet.addExternalIcDatabase('db', { hosts: [{ ip: '10.0.0.5', name: 'h1' }] });
    fleet.addCluster('az1', { podCidr: '10.16.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['10.1.0.1'], gatewayNodes: ['gw'] }).interconnect({ icDatabase });
    const text = runbookOf(fleet);
    expect(rendered(fleet).get(OVN_IC_RUNBOOK)).toBe(text);
    expect(text).toContain('- runs on hosts outside Kubernetes (see hosts/ if the fleet renders them); the first host (10.0.0.5) bootstraps Raft');
    expect(text).toContain('`[IC database host 10.0.0.5] docker exec ovn-ic-db ovn-ic-sbctl show` no longer lists availability-zone az1');
    expect(text).toContain('`kubectl ko nbctl --if-exists ls-del ts`\n');
    expect(text).toContain('stop the database on every host (hosts/<host>/README.md, "Remove")');
    expect(text).toContain('`rm -f /etc/ovn/ovn_ic_nb_db.db /etc/ovn/ovn_ic_sb_db.db`');
  });
});
