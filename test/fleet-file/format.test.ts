import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// The fleet file must describe the whole builder API: every builder method has a key of the file, and every prop
// of every builder method's props is a key of the file's object for it (in the committed schema users and editors
// get). A prop added to a builder props type without a counterpart in the file format fails here.

const ROOT = path.resolve(__dirname, '../..');
const MODEL = path.join(ROOT, 'src/fleet/model.ts');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'fleet-file.schema.json'), 'utf8'));

const program = ts.createProgram([MODEL], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
const checker = program.getTypeChecker();

/** The class declared in a source file. */
function classOf(file: string, name: string): ts.ClassDeclaration {
  const source = program.getSourceFile(file)!;
  const found = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
  if (!found) throw new Error(`class ${name} not found in ${file}`);
  return found;
}

/** Public methods of a model class (internal `_` members and the constructor left out). */
function methodsOf(name: string): string[] {
  return classOf(MODEL, name).members
    .filter((m) => (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && !(ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Static)))
    .map((m) => (m.name as ts.Identifier).text)
    .filter((n) => !n.startsWith('_'))
    .sort();
}

/** The property names of a type. */
function propsOfType(type: ts.Type): string[] {
  return checker.getPropertiesOfType(checker.getNonNullableType(type)).map((p) => p.name).sort();
}

/** The props of parameter `index` of a model class's method (as TypeScript callers write them). */
function paramProps(className: string, method: string, index: number): string[] {
  const m = classOf(MODEL, className).members.find((x): x is ts.MethodDeclaration => ts.isMethodDeclaration(x) && (x.name as ts.Identifier).text === method)!;
  return propsOfType(checker.getTypeAtLocation(m.parameters[index]));
}

/** The type of a prop of a props type (for nested option objects). */
function propType(className: string, method: string, index: number, ...props: string[]): ts.Type {
  const m = classOf(MODEL, className).members.find((x): x is ts.MethodDeclaration => ts.isMethodDeclaration(x) && (x.name as ts.Identifier).text === method)!;
  let type = checker.getTypeAtLocation(m.parameters[index]);
  for (const p of props) {
    const symbol = checker.getPropertyOfType(checker.getNonNullableType(type), p)!;
    type = checker.getTypeOfSymbolAtLocation(symbol, m);
  }
  return type;
}

/** Properties of a definition of the committed schema. */
function schemaProps(definition: string): string[] {
  const def = schema.definitions[definition];
  if (!def) throw new Error(`definition ${definition} not in fleet-file.schema.json`);
  return Object.keys(def.properties ?? {}).sort();
}

/** Where each builder method is in the file. */
const METHOD_KEYS: Record<string, Record<string, string | null>> = {
  Fleet: {
    addCluster: 'clusters', addExternalIcDatabase: 'externalIcDatabases', deliverWithArgoCd: 'delivery.argoCd', deliverWithFlux: 'delivery.flux', planAddresses: 'addressPlan',
    // lookups, not builders
    cluster: null, clusters: null,
  },
  FleetCluster: {
    addIcServer: 'icServer', interconnect: 'interconnection', addProviderNetwork: 'providerNetworks', installUnderlayProviderNetwork: 'installUnderlayVlans',
    installUnderlayVlan: 'installUnderlaySubnets', addSubmarinerBroker: 'submarinerBroker', joinSubmariner: 'submariner', addSpiderMultusConfig: 'multusConfigs',
    // TypeScript code (the user's own constructs) has no form in a data file
    addConstructs: null,
  },
  Interconnection: { addSubnet: 'subnets', routeToPeer: 'peerRoutes' },
  ProviderNetworkModel: { addVlan: 'vlans' },
  VlanModel: { addSubnet: 'subnets' },
  SubmarinerMembership: { addConnectivityCheck: 'connectivityCheck' },
  MultusConfigModel: { addIpPool: 'ipPools' },
};

test('every public builder method of the model has its key in the fleet file', () => {
  for (const [cls, keys] of Object.entries(METHOD_KEYS)) expect([cls, methodsOf(cls)]).toEqual([cls, Object.keys(keys).sort()]);
  const at = (definition: string, key: string) => expect([definition, schemaProps(definition)]).toEqual([definition, expect.arrayContaining([key])]);
  at('FleetFile', 'clusters');
  at('FleetFile', 'externalIcDatabases');
  at('DeliverySpec', 'argoCd');
  at('DeliverySpec', 'flux');
  for (const key of Object.values(METHOD_KEYS.FleetCluster)) if (key) at('ClusterSpec', key);
  at('InterconnectionSpec', 'subnets');
  at('InterconnectionSpec', 'peerRoutes');
  at('ProviderNetworkSpec', 'vlans');
  at('VlanSpec', 'subnets');
  at('MembershipSpec', 'connectivityCheck');
  at('MultusConfigSpec', 'ipPools');
});

/** [builder class, method, parameter index], the schema definition of its props, and the keys only the file has (the objects added on it). */
const PROPS: Array<[[string, string, number], string, string[]]> = [
  [['Fleet', 'addCluster', 1], 'ClusterSpec', [
    'icServer', 'installUnderlaySubnets', 'installUnderlayVlans', 'interconnection', 'multusConfigs', 'providerNetworks', 'submariner', 'submarinerBroker',
  ]],
  [['FleetCluster', 'addIcServer', 0], 'IcServerSpec', []],
  [['FleetCluster', 'interconnect', 0], 'InterconnectionSpec', ['peerRoutes', 'subnets']],
  [['Interconnection', 'addSubnet', 1], 'OverlaySubnetSpec', []],
  [['Interconnection', 'routeToPeer', 0], 'PeerRouteSpec', []],
  [['FleetCluster', 'addProviderNetwork', 1], 'ProviderNetworkSpec', ['vlans']],
  [['ProviderNetworkModel', 'addVlan', 1], 'VlanSpec', ['subnets']],
  [['VlanModel', 'addSubnet', 1], 'UnderlaySubnetSpec', []],
  [['FleetCluster', 'addSubmarinerBroker', 0], 'BrokerSpec', []],
  [['FleetCluster', 'joinSubmariner', 0], 'MembershipSpec', ['connectivityCheck']],
  [['SubmarinerMembership', 'addConnectivityCheck', 0], 'ConnectivityCheckSpec', []],
  [['FleetCluster', 'addSpiderMultusConfig', 1], 'MultusConfigSpec', ['ipPools']],
  [['MultusConfigModel', 'addIpPool', 1], 'IpPoolSpec', []],
  [['Fleet', 'addExternalIcDatabase', 1], 'ExternalIcDatabaseSpec', []],
  [['Fleet', 'deliverWithArgoCd', 0], 'ArgoCdDeliverySpec', []],
  [['Fleet', 'deliverWithFlux', 0], 'FluxDeliverySpec', []],
];

/**
 * Props of the builder types the file leaves out: `cluster` (subnet and pool props take it for plain charts; in the fleet
 * it is the cluster the object is declared under, which the fleet passes).
 */
const SUPPLIED_BY_THE_FLEET = ['cluster'];

test.each(PROPS.map(([m, d, extra]) => [`${m[0]}.${m[1]}`, m, d, extra] as const))('%s: every prop is a key of the file, no other key', (_n, [cls, method, index], definition, extra) => {
  const builder = paramProps(cls, method, index).filter((p) => !SUPPLIED_BY_THE_FLEET.includes(p));
  expect(schemaProps(definition)).toEqual([...builder, ...extra].sort());
});

test('nested options: Kube-OVN install and chart, the Submariner operator, secret sources, images', () => {
  const props = (t: ts.Type) => propsOfType(t);
  const argoKubeOvn = propType('Fleet', 'deliverWithArgoCd', 0, 'kubeOvn');
  expect(schemaProps('KubeOvnInstallSpec')).toEqual(props(argoKubeOvn));
  expect(schemaProps('KubeOvnInstallSpecOptions')).toEqual(props(argoKubeOvn).filter((p) => p !== 'clusters'));
  expect(schemaProps('KubeOvnChartProps')).toEqual(['appVersion', 'chart', 'repoUrl', 'version']);
  expect(schemaProps('OperatorSpec')).toEqual(props(propType('FleetCluster', 'addSubmarinerBroker', 0, 'operator')));
  expect(schemaProps('KubeOvnImageProps')).toEqual(['registry', 'repository', 'tag']);
  expect(schemaProps('InstallUnderlayProps')).toEqual(props(propType('Fleet', 'addCluster', 1, 'installUnderlay')));
  // SecretSource's four factories, each with its parameters
  expect(schemaProps('SecretSourceSpec')).toEqual(['argocdVaultPlugin', 'existingSecret', 'externalSecret', 'plainText']);
  const source = program.getSourceFile(path.join(ROOT, 'src/submariner/secret-source.ts'))!;
  const secretSource = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'SecretSource')!;
  const factories = secretSource.members.filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!(ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static));
  expect(factories.map((f) => (f.name as ts.Identifier).text).sort()).toEqual(schemaProps('SecretSourceSpec'));
  const paramsOf = (name: string) => factories.find((f) => (f.name as ts.Identifier).text === name)!.parameters;
  const optionProps = (name: string, i: number) => props(checker.getTypeAtLocation(paramsOf(name)[i]));
  expect(schemaProps('ArgocdVaultPluginSpec')).toEqual([...optionProps('argocdVaultPlugin', 1), 'path'].sort());
  expect(schemaProps('ExternalSecretSourceOptions')).toEqual(optionProps('externalSecret', 0));
  expect(schemaProps('PlainTextSpec')).toEqual([...optionProps('plainText', 1), 'value'].sort());
  expect(schemaProps('ExistingSecretSpec')).toEqual(['name']);
});
