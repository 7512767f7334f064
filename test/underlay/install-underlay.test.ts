import { Cni, kubeOvnUnderlayValues } from '../../src';
import { clusterNetworkOf } from '../../src/fleet/model';
import { fleetErrors } from '../support/manifests';
import { chart as chartFacts, jsonType } from '../support/bundle';
import { installUnderlayFleet, oneClusterFleet } from './fleets';

/** The JSON type of every key of the Kube-OVN chart's values.yaml (v1.13.15), from the committed chart facts. */
const CHART_VALUES = chartFacts('kube-ovn').values;

/** Every leaf of a nested object as [dotted path, value]. */
function leaves(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(obj).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
    : [[`${prefix}${k}`, v] as [string, unknown]]));
}

describe('install-time underlay (NETWORK_TYPE=vlan)', () => {
  test('renders the seed\'s install variables as Kube-OVN chart values, every default explicit', () => {
    // GIVEN
    const { fleet, az1 } = installUnderlayFleet({ podGateway: '172.17.0.254', excludeIps: ['172.17.0.1..172.17.0.100', '172.17.1.1'] });
    // THEN
    expect(fleetErrors(fleet)).toEqual([]);
    expect(az1.props.installUnderlay).toEqual({ interfaceName: 'eth1', vlanId: 0, podGateway: '172.17.0.254', excludeIps: ['172.17.0.1..172.17.0.100', '172.17.1.1'] });
    expect(kubeOvnUnderlayValues(clusterNetworkOf(az1))).toEqual({
      networking: {
        NET_STACK: 'ipv4',
        NETWORK_TYPE: 'vlan',
        EXCLUDE_IPS: '172.17.0.1..172.17.0.100,172.17.1.1',
        EXCHANGE_LINK_NAME: false,
        vlan: { PROVIDER_NAME: 'provider', VLAN_INTERFACE_NAME: 'eth1', VLAN_NAME: 'ovn-vlan', VLAN_ID: '0' },
      },
      func: { ENABLE_LB: true, LS_DNAT_MOD_DL_DST: true, LOGICAL_GATEWAY: false, U2O_INTERCONNECTION: false },
      ipv4: { POD_CIDR: '172.17.0.0/16', POD_GATEWAY: '172.17.0.254' },
    });
  });

  test('passes every setting through, dual stack into the dual_stack section with one gateway per family', () => {
    const { fleet, az1 } = installUnderlayFleet({
      interfaceName: 'bond0.10', vlanId: 10, providerName: 'phys', vlanName: 'pods', enableLb: false,
      exchangeLinkName: true, lsDnatModDlDst: false, u2oInterconnection: true,
    }, { podCidr: '172.17.0.0/16,fd00:17::/64' });
    expect(fleetErrors(fleet)).toEqual([]);
    expect(kubeOvnUnderlayValues(clusterNetworkOf(az1))).toEqual({
      networking: {
        NET_STACK: 'dual_stack', NETWORK_TYPE: 'vlan', EXCLUDE_IPS: '', EXCHANGE_LINK_NAME: true,
        vlan: { PROVIDER_NAME: 'phys', VLAN_INTERFACE_NAME: 'bond0.10', VLAN_NAME: 'pods', VLAN_ID: '10' },
      },
      func: { ENABLE_LB: false, LS_DNAT_MOD_DL_DST: false, LOGICAL_GATEWAY: false, U2O_INTERCONNECTION: true },
      dual_stack: { POD_CIDR: '172.17.0.0/16,fd00:17::/64', POD_GATEWAY: '172.17.0.1,fd00:17::1' },
    });
  });

  test('IPv6 only goes into the ipv6 section', () => {
    const { az1 } = installUnderlayFleet({}, { podCidr: 'fd00:17::/64', serviceCidr: 'fd00:96::/112', joinCidr: 'fd00:64::/112' });
    expect(kubeOvnUnderlayValues(clusterNetworkOf(az1))).toMatchObject({ networking: { NET_STACK: 'ipv6' }, ipv6: { POD_CIDR: 'fd00:17::/64', POD_GATEWAY: 'fd00:17::1' } });
  });

  test('an overlay cluster has no underlay values', () => {
    const { az1 } = oneClusterFleet();
    expect(az1.props.installUnderlay).toBeUndefined();
    expect(kubeOvnUnderlayValues(clusterNetworkOf(az1))).toEqual({});
  });

  test('every key exists in the chart\'s values.yaml with the same type (Helm ignores a misspelt key)', () => {
    const { az1 } = installUnderlayFleet({}, { podCidr: '172.17.0.0/16,fd00:17::/64' });
    const rendered = [
      ...leaves(kubeOvnUnderlayValues(clusterNetworkOf(az1))),
      ...leaves(kubeOvnUnderlayValues(clusterNetworkOf(installUnderlayFleet().az1))),
      ...leaves(kubeOvnUnderlayValues(clusterNetworkOf(installUnderlayFleet({}, { podCidr: 'fd00:17::/64' }).az1))),
    ];
    const problems = rendered.flatMap(([key, value]) => {
      const def = CHART_VALUES[key];
      if (def === undefined) return [`${key} is not in values.yaml`];
      return def === jsonType(value) ? [] : [`${key} is ${jsonType(value)}, values.yaml has ${def}`];
    });
    expect(problems).toEqual([]);
    expect(rendered.map(([k]) => k)).toEqual(expect.arrayContaining(['ipv4.POD_CIDR', 'ipv6.POD_GATEWAY', 'dual_stack.POD_CIDR', 'networking.vlan.VLAN_ID', 'func.LS_DNAT_MOD_DL_DST']));
  });

  test.each([
    [{ interfaceName: 'a-very-long-nic0' }, 'installUnderlay.interfaceName (VLAN_INTERFACE_NAME) "a-very-long-nic0" is 16 characters; Linux interface names have at most 15'],
    [{ interfaceName: 'eth 1' }, 'installUnderlay.interfaceName (VLAN_INTERFACE_NAME) "eth 1" contains \'/\' or whitespace'],
    [{ vlanId: 4096 }, 'installUnderlay.vlanId (VLAN_ID) is 4096; a VLAN id is an integer from 0 to 4095 (0 sends untagged frames)'],
    [{ providerName: 'averyveryverylong' }, 'installUnderlay.providerName (PROVIDER_NAME) is 17 characters; at most 12 are allowed because the OVS bridge br-<name> must fit Linux\'s 15-character interface names'],
    [{ providerName: 'int' }, 'installUnderlay.providerName (PROVIDER_NAME) "int" is reserved'],
    [{ vlanName: 'OVN_VLAN' }, 'installUnderlay.vlanName (VLAN_NAME) "OVN_VLAN" must consist of lowercase letters'],
    [{ podGateway: '172.18.0.1' }, 'installUnderlay.podGateway (POD_GATEWAY) 172.18.0.1 is not inside 172.17.0.0/16; use an address of the subnet, e.g. 172.17.0.1'],
    [{ podGateway: '172.17.255.255' }, 'installUnderlay.podGateway (POD_GATEWAY) 172.17.255.255 is the broadcast address of 172.17.0.0/16'],
    [{ excludeIps: ['172.18.0.1..172.18.0.9'] }, 'installUnderlay.excludeIps (EXCLUDE_IPS)[0] "172.18.0.1..172.18.0.9" is not inside podCidr (POD_CIDR) 172.17.0.0/16; exclude only addresses of this subnet'],
    [{ excludeIps: ['172.17.0.9..172.17.0.1'] }, 'installUnderlay.excludeIps (EXCLUDE_IPS)[0] "172.17.0.9..172.17.0.1" starts after it ends'],
    [{ logicalGateway: true, u2oInterconnection: true }, 'installUnderlay.logicalGateway (LOGICAL_GATEWAY) and installUnderlay.u2oInterconnection (U2O_INTERCONNECTION) are both true; kube-ovn-controller refuses to start with both, keep one of them'],
  ])('fails on %j, reported on the cluster', (install, message) => {
    const { fleet } = installUnderlayFleet(install);
    expect(fleetErrors(fleet)).toEqual([expect.stringContaining(`[az1] cluster "az1": ${message}`)]);
  });

  test('fails on a pod CIDR Kube-OVN cannot use as a subnet', () => {
    const { fleet } = installUnderlayFleet({}, { podCidr: '169.254.0.0/16' });
    expect(fleetErrors(fleet)).toEqual([
      '[az1] cluster "az1": podCidr 169.254.0.0/16 overlaps the IPv4 link-local (also used by OVN-IC transit switches) range 169.254.0.0/16; Kube-OVN rejects it, choose a unicast range such as 10.16.0.0/16',
    ]);
  });

  test('fails on a cluster whose CNI is not Kube-OVN', () => {
    const { fleet } = installUnderlayFleet({}, { cni: Cni.SPIDERPOOL_MACVLAN, joinCidr: undefined });
    expect(fleetErrors(fleet)).toEqual([
      '[az1] cluster "az1": installUnderlay is set but the CNI is spiderpool-macvlan; it configures Kube-OVN\'s default subnet, remove it',
    ]);
  });
});
