import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ManifestValidator } from '../../src/validate';
import { doc } from '../gitops/helpers';
import { manifestValidator } from '../support/manifests';
import { CRD_DIR } from '../support/shared';
import { brokerChartRelease, ChartRelease, operatorChartRelease } from '../support/submariner-chart';
import { chartDir, describeWithCharts, helmIgnoredValues, helmTemplate, inReleaseNamespace, lazy, parseAsGo } from '../support/tools';

/**
 * The submariner-operator and submariner-k8s-broker charts (submariner-io/submariner-charts v0.18.1,
 * ../shared/charts) rendered by the real `helm template` with values derived from what the package renders for
 * cluster-a (broker + member) and cluster-b (member): test/support/submariner-chart.ts.
 */
const DIST = path.resolve(__dirname, '../../dist');
const read = (file: string) => YAML.parse(fs.readFileSync(path.join(DIST, file), 'utf8'));
const MEMBERS = ['cluster-a', 'cluster-b'] as const;
const submariner = (c: string) => read(`clusters/${c}/Submariner.submariner-operator.submariner.k8s.yaml`);
const operator = (c: string) => read(`clusters/${c}/Deployment.submariner-operator.submariner-operator.k8s.yaml`);
const broker = () => read('clusters/cluster-a/Broker.submariner-k8s-broker.submariner-broker.k8s.yaml');
const folder = (c: string) => fs.readdirSync(path.join(DIST, 'clusters', c)).filter((f) => f.endsWith('.yaml')).map((f) => read(`clusters/${c}/${f}`));

const install = (chart: string, r: ChartRelease) => inReleaseNamespace(helmTemplate(chartDir(chart), r.release, r.namespace, r.values), r.namespace);
const names = (docs: readonly any[], kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.metadata.name).sort();
const problems = (validator: ManifestValidator, docs: readonly any[]) =>
  validator.validateSet(docs.map((d, i) => ({ location: `#${i} ${d.kind}/${d.metadata?.name}`, doc: d }))).map((p) => `${p.location}: ${p.message}`);

/** A validator that knows only the given CRDs, written to a temporary folder. */
function validatorOf(crds: readonly any[]): ManifestValidator {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-chart-crds-'));
  crds.forEach((crd, i) => fs.writeFileSync(path.join(dir, `${i}.yaml`), YAML.stringify(crd)));
  return new ManifestValidator({ crdDir: dir });
}

describeWithCharts('submariner-operator chart: helm template with the values the package implies', ['submariner-operator'], () => {
  const releases = Object.fromEntries(MEMBERS.map((c) => [c, operatorChartRelease(submariner(c), operator(c), broker())]));
  const rendered = lazy(() => Object.fromEntries(MEMBERS.map((c) => [c, install('submariner-operator', releases[c])])));

  test('cluster-a\'s values: every chart key the package has a value for', () => {
    expect(releases['cluster-a']).toEqual({
      release: 'submariner-operator',
      namespace: 'submariner-operator',
      values: {
        broker: {
          server: '10.6.168.73:6443', namespace: 'submariner-k8s-broker', insecure: false, globalnet: false,
          token: '<path:secret/data/submariner/cluster-a#token>', ca: '<path:secret/data/submariner/broker#ca>',
        },
        submariner: {
          clusterId: 'cluster-a', clusterCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cableDriver: 'libreswan',
          natEnabled: true, loadBalancerEnabled: false, debug: false, serviceDiscovery: true, healthcheckEnabled: false,
          images: { repository: 'quay.io/submariner', tag: '0.18.1' },
        },
        ipsec: { psk: '<path:secret/data/submariner/broker#psk>', debug: false, forceUDPEncaps: false, natPort: 4500 },
        operator: { image: { repository: 'quay.io/submariner/submariner-operator', tag: '0.18.1', pullPolicy: 'IfNotPresent' } },
      },
      // the chart's Submariner template has no key for these (templates/submariner.yaml)
      unexpressed: { airGappedDeployment: false, brokerK8sSecret: 'submariner-broker-secret', ceIPSecPreferredServer: false },
    });
    expect(releases['cluster-b'].values.submariner).toMatchObject({ clusterId: 'cluster-b', clusterCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18' });
    expect(releases['cluster-b'].values.broker.token).toBe('<path:secret/data/submariner/cluster-b#token>');
  });

  test.each(MEMBERS)('%s: the operator Deployment, the three CRDs of crds/ and a Submariner CR equal to the package\'s but for the unexpressed fields', (c) => {
    const docs = rendered()[c];
    expect(names(docs, 'CustomResourceDefinition')).toEqual(['brokers.submariner.io', 'servicediscoveries.submariner.io', 'submariners.submariner.io']);
    const deployment = doc(docs, 'Deployment', 'submariner-operator');
    expect(deployment.metadata.namespace).toBe('submariner-operator');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('submariner-operator');
    expect(deployment.spec.template.spec.containers.map((x: any) => x.image)).toEqual(operator(c).spec.template.spec.containers.map((x: any) => x.image));

    const own = submariner(c).spec;
    const fromChart = doc(docs, 'Submariner', 'submariner');
    expect(fromChart.metadata.namespace).toBe('submariner-operator');
    const { airGappedDeployment, brokerK8sSecret, ceIPSecPreferredServer, ...expressed } = own;
    // what the chart adds on its own: its defaults for the IKE port, color codes and globalnet CIDR
    expect(fromChart.spec).toEqual({ ...expressed, ceIPSecIKEPort: 500, colorCodes: 'blue', globalCIDR: '' });
  });

  test.each(MEMBERS)('%s: the chart\'s objects validate against the pinned operator CRDs', (c) => {
    expect(problems(manifestValidator(), rendered()[c])).toEqual([]);
  });

  test('the Submariner CRD the chart installs is older than the operator\'s: it rejects the package\'s secret reference', () => {
    const crds = rendered()['cluster-a'].filter((d) => d.kind === 'CustomResourceDefinition');
    const chartCrds = validatorOf(crds);
    expect(problems(chartCrds, [submariner('cluster-a'), broker()])).toEqual([
      '#0 Submariner/submariner: unknown field "spec.airGappedDeployment"',
      '#0 Submariner/submariner: unknown field "spec.brokerK8sSecret"',
    ]);
    // and it requires the credentials inline, where the pinned operator CRD (../shared/crds) does not
    const { brokerK8sApiServerToken, brokerK8sCA, ceIPSecPSK, airGappedDeployment, ...byReference } = submariner('cluster-a').spec;
    const cr = { ...submariner('cluster-a'), spec: byReference };
    expect(problems(chartCrds, [cr])).toEqual([
      '#0 Submariner/submariner: spec: must have required property \'brokerK8sApiServerToken\'',
      '#0 Submariner/submariner: spec: must have required property \'brokerK8sCA\'',
      '#0 Submariner/submariner: spec: must have required property \'ceIPSecPSK\'',
      '#0 Submariner/submariner: unknown field "spec.brokerK8sSecret"',
    ]);
    expect(problems(manifestValidator(), [cr])).toEqual([]);
    const pinned = YAML.parse(fs.readFileSync(path.join(CRD_DIR, 'submariner/submariner.io_submariners.yaml'), 'utf8'));
    const specOf = (crd: any) => crd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    const inChart = specOf(crds.find((d) => d.metadata.name === 'submariners.submariner.io'));
    expect(Object.keys(specOf(pinned).properties).filter((k) => !(k in inChart.properties)).sort()).toEqual([
      'airGappedDeployment', 'brokerK8sSecret', 'ceIPSecPSKSecret', 'haltOnCertificateError', 'nodeSelector', 'tolerations',
    ]);
  });

  test('the objects the chart would take over from the package\'s cluster-a folder', () => {
    const id = (d: any) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`;
    const own = new Set(folder('cluster-a').map(id));
    expect(rendered()['cluster-a'].map(id).filter((x) => own.has(x)).sort()).toEqual([
      'ClusterRole//submariner-operator', 'ClusterRoleBinding//submariner-operator',
      'Deployment/submariner-operator/submariner-operator',
      'Role/submariner-operator/submariner-operator', 'RoleBinding/submariner-operator/submariner-operator',
      'ServiceAccount/submariner-operator/submariner-gateway', 'ServiceAccount/submariner-operator/submariner-globalnet',
      'ServiceAccount/submariner-operator/submariner-lighthouse-agent', 'ServiceAccount/submariner-operator/submariner-lighthouse-coredns',
      'ServiceAccount/submariner-operator/submariner-operator', 'ServiceAccount/submariner-operator/submariner-routeagent',
      'Submariner/submariner-operator/submariner',
    ]);
  });

  test('the chart reads every value the mapping writes (changing any one changes the output)', () => {
    const r = releases['cluster-a'];
    expect(helmIgnoredValues(chartDir('submariner-operator'), r.release, r.namespace, r.values)).toEqual([]);
  });
});

describeWithCharts('submariner-k8s-broker chart: helm template in the Broker\'s namespace', ['submariner-k8s-broker'], () => {
  const release = brokerChartRelease(broker(), MEMBERS.map(submariner));
  const rendered = lazy(() => install('submariner-k8s-broker', release));

  test('the release goes to the namespace the members name; the chart has nothing for the Broker CR\'s spec', () => {
    expect(release).toEqual({
      release: 'submariner-k8s-broker', namespace: 'submariner-k8s-broker', values: {},
      unexpressed: {
        'Broker.spec.components': ['service-discovery', 'connectivity'], 'Broker.spec.defaultGlobalnetClusterSize': 65536,
        'Broker.spec.globalnetCIDRRange': '242.0.0.0/8', 'Broker.spec.globalnetEnabled': false,
      },
    });
    const stray = { ...submariner('cluster-b'), spec: { ...submariner('cluster-b').spec, brokerK8sRemoteNamespace: 'elsewhere' } };
    expect(() => brokerChartRelease(broker(), [submariner('cluster-a'), stray])).toThrow(
      'Submariner cluster-b: brokerK8sRemoteNamespace is not the Broker\'s namespace submariner-k8s-broker',
    );
  });

  test('the five CRDs of crds/ (not brokers.submariner.io), one client ServiceAccount and its token, valid', () => {
    const docs = rendered();
    expect(names(docs, 'CustomResourceDefinition')).toEqual([
      'clusters.submariner.io', 'endpoints.submariner.io', 'gateways.submariner.io',
      'serviceexports.multicluster.x-k8s.io', 'serviceimports.multicluster.x-k8s.io',
    ]);
    expect(docs.filter((d) => d.kind !== 'CustomResourceDefinition').map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'Role/submariner-k8s-broker/submariner-k8s-broker-cluster', 'RoleBinding/submariner-k8s-broker/submariner-k8s-broker-cluster',
      'Secret/submariner-k8s-broker/submariner-k8s-broker-client-token', 'ServiceAccount/submariner-k8s-broker/submariner-k8s-broker-client',
    ]);
    expect(doc(docs, 'Secret', 'submariner-k8s-broker-client-token')).toMatchObject({
      type: 'kubernetes.io/service-account-token', metadata: { annotations: { 'kubernetes.io/service-account.name': 'submariner-k8s-broker-client' } },
    });
    expect(problems(manifestValidator(), docs)).toEqual([]);
  });

  test('what the package\'s broker Role grants its members that the chart\'s Role does not', () => {
    // one `group resource verb` string per permission, the core group as `core`
    const grants = (role: any) => new Set<string>(role.rules.flatMap((r: any) => r.apiGroups.flatMap((g: string) =>
      r.resources.flatMap((res: string) => r.verbs.map((v: string) => `${g || 'core'} ${res} ${v}`)))));
    const fromChart = grants(doc(rendered(), 'Role', 'submariner-k8s-broker-cluster'));
    const covered = (grant: string) => {
      const [group, resource, verb] = grant.split(' ');
      return [grant, `${group} * ${verb}`, `${group} ${resource} *`, `${group} * *`].some((g) => fromChart.has(g));
    };
    const own = doc(folder('cluster-a'), 'Role', 'submariner-k8s-broker-cluster');
    expect([...grants(own)].filter((g) => !covered(g)).sort()).toEqual([
      'core secrets get', 'core secrets list', 'core secrets watch', 'core serviceaccounts get', 'core serviceaccounts list',
      'multicluster.x-k8s.io serviceimports patch', 'multicluster.x-k8s.io serviceimports/status patch',
      'submariner.io brokers get', 'submariner.io brokers list',
    ]);
  });

  test('the broker chart\'s CRDs are the pinned ones in ../shared/crds/submariner', () => {
    // read with Go's YAML: the pinned ServiceExport/ServiceImport CRDs are not YAML the `yaml` library accepts
    const pinned = parseAsGo(fs.readdirSync(path.join(CRD_DIR, 'submariner')).map((f) => fs.readFileSync(path.join(CRD_DIR, 'submariner', f), 'utf8')).join('\n---\n'));
    for (const crd of rendered().filter((d) => d.kind === 'CustomResourceDefinition')) {
      expect([crd.metadata.name, crd.spec]).toEqual([crd.metadata.name, pinned.find((p) => p.metadata.name === crd.metadata.name)?.spec]);
    }
  });
});
