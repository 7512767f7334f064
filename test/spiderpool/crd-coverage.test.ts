import * as fs from 'fs';
import * as path from 'path';
import { CNI_BLOCK_FIELDS, CniType } from '../../src/spiderpool/cni-config';
import { COORDINATOR_FIELDS } from '../../src/spiderpool/coordinator';
import { IP_POOL_FIELDS } from '../../src/spiderpool/ip-pool';
import { MULTUS_CONFIG_FIELDS } from '../../src/spiderpool/multus-config';

/**
 * Every field of the CRDs' specs is settable through typed props: the props' field maps (typed
 * `Record<keyof Props, ...>`, so the compiler insists on an entry per prop) are compared with the spec
 * properties of the committed schema bundle (schemas/spiderpool.spidernet.io, generated from Spiderpool
 * v1.2.2's CRDs). A missing field is listed by name.
 */
const schema = (kind: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/spiderpool.spidernet.io', `${kind}_v2beta1.json`), 'utf8'));
const props = (s: any, ...keys: string[]): string[] => {
  let node = s;
  for (const k of keys) node = k === '[]' ? node.items : node.properties[k];
  return Object.keys(node.properties ?? {}).sort();
};
const missing = (crd: readonly string[], covered: Iterable<string | undefined>): string[] => {
  const set = new Set(covered);
  return crd.filter((f) => !set.has(f));
};

describe('typed props cover every spec field of the Spiderpool v1.2.2 CRDs', () => {
  const pool = schema('spiderippool');
  const smc = schema('spidermultusconfig');

  test('SpiderIPPool spec: no field is missing from SpiderIpPoolProps', () => {
    expect(missing(props(pool, 'spec'), Object.values(IP_POOL_FIELDS))).toEqual([]);
    // and no prop names a field the CRD does not have (vlan was removed in Spiderpool v1.0)
    expect(missing(Object.values(IP_POOL_FIELDS).filter((f) => f !== undefined), props(pool, 'spec'))).toEqual([]);
    expect(props(pool, 'spec')).not.toContain('vlan');
  });

  test('SpiderIPPool selectors and routes: every sub-field is a prop of LabelSelector / SpiderIpPoolRoute', () => {
    for (const s of ['podAffinity', 'namespaceAffinity', 'nodeAffinity']) {
      expect(missing(props(pool, 'spec', s), ['matchLabels', 'matchExpressions'])).toEqual([]);
      expect(missing(props(pool, 'spec', s, 'matchExpressions', '[]'), ['key', 'operator', 'values'])).toEqual([]);
    }
    expect(missing(props(pool, 'spec', 'routes', '[]'), ['dst', 'gw'])).toEqual([]);
  });

  test('SpiderMultusConfig spec: no field is missing from SpiderMultusConfigProps', () => {
    expect(missing(props(smc, 'spec'), Object.values(MULTUS_CONFIG_FIELDS).flat())).toEqual([]);
  });

  test('SpiderMultusConfig spec.coordinator: no field is missing from CoordinatorOptions', () => {
    expect(missing(props(smc, 'spec', 'coordinator'), Object.values(COORDINATOR_FIELDS))).toEqual([]);
    expect(missing(Object.values(COORDINATOR_FIELDS), props(smc, 'spec', 'coordinator'))).toEqual([]);
    expect(missing(props(smc, 'spec', 'coordinator', 'policyRoutes', '[]'), ['dst', 'gw'])).toEqual([]);
  });

  test.each(['macvlan', 'ipvlan', 'vlan', 'sriov', 'ovs', 'ibsriov', 'ipoib'] as const)('SpiderMultusConfig spec.%s: no field is missing from its CniConfig options', (block) => {
    const fields = Object.values(CNI_BLOCK_FIELDS[block]);
    expect(missing(props(smc, 'spec', block), fields)).toEqual([]);
    expect(missing(fields, props(smc, 'spec', block))).toEqual([]);
    expect(missing(props(smc, 'spec', block, 'ippools'), Object.values(CNI_BLOCK_FIELDS.ippools))).toEqual([]);
    if (props(smc, 'spec', block).includes('bond')) expect(missing(props(smc, 'spec', block, 'bond'), Object.values(CNI_BLOCK_FIELDS.bond))).toEqual([]);
  });

  test('SpiderMultusConfig spec.ovs.trunk: every field is an OvsTrunk prop', () => {
    expect(missing(props(smc, 'spec', 'ovs', 'trunk', '[]'), Object.values(CNI_BLOCK_FIELDS.trunk))).toEqual([]);
  });

  test('the cniType enum is CniType', () => {
    expect(Object.values(CniType).sort()).toEqual([...smc.properties.spec.properties.cniType.enum].sort());
  });

  test('the check can fail: a field the props lack is listed', () => {
    expect(missing(['subnet', 'newField'], Object.values(IP_POOL_FIELDS))).toEqual(['newField']);
  });
});
