// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

/**
 * RBAC of the Submariner operator and of the components it deploys, as `subctl join` installs it
 * (operator v0.18.1 `config/rbac/**`). Upstream grants `*` in several places; here every rule lists
 * its verbs and resources. Nothing here can be checked without a live cluster: a missing permission
 * shows up as `forbidden` in the operator's or a component's log.
 */

const READ = ['get', 'list', 'watch'];
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const EVENTS: k8s.PolicyRule = { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] };
const LEASES: k8s.PolicyRule = { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: WRITE };

/** One ServiceAccount and the (Cluster)Role rules bound to it. */
export interface ComponentRbac {
  /** ServiceAccount, Role, ClusterRole and binding name. */
  readonly name: string;
  /** Rules in the operator's namespace. */
  readonly namespaced: k8s.PolicyRule[];
  /** Cluster-wide rules. */
  readonly cluster: k8s.PolicyRule[];
}

const SUBMARINER_OWN = [
  'submariners', 'submariners/status', 'submariners/finalizers',
  'servicediscoveries', 'servicediscoveries/status', 'servicediscoveries/finalizers',
  'brokers', 'brokers/status', 'brokers/finalizers',
  'clusters', 'endpoints', 'gateways', 'gatewayroutes', 'nongatewayroutes',
  'clusterglobalegressips', 'globalegressips', 'globalingressips',
];

export const OPERATOR_RBAC: ComponentRbac = {
  name: 'submariner-operator',
  namespaced: [
    { apiGroups: [''], resources: ['pods', 'services', 'services/finalizers', 'endpoints', 'persistentvolumeclaims', 'configmaps', 'secrets'], verbs: WRITE },
    EVENTS,
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'delete'] },
    { apiGroups: ['apps'], resources: ['deployments', 'daemonsets', 'replicasets', 'statefulsets'], verbs: WRITE },
    { apiGroups: ['apps'], resources: ['deployments/finalizers'], resourceNames: ['submariner-operator'], verbs: ['update'] },
    { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'create'] },
    { apiGroups: ['submariner.io'], resources: SUBMARINER_OWN, verbs: WRITE },
    LEASES,
  ],
  cluster: [
    // CoreDNS forwarding for clusterset.local and network discovery read ConfigMaps cluster-wide
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update'] },
    // at start-up the operator installs the gateway, Lighthouse and MCS CRDs itself
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'] },
    { apiGroups: [''], resources: ['pods', 'services', 'nodes', 'namespaces'], verbs: READ },
    { apiGroups: ['apps'], resources: ['daemonsets'], verbs: READ },
    { apiGroups: ['operator.openshift.io'], resources: ['dnses'], verbs: ['get', 'list', 'watch', 'update'] },
    { apiGroups: ['config.openshift.io'], resources: ['networks'], verbs: ['get', 'list'] },
    { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'create'] },
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['clusterroles', 'clusterrolebindings'],
      resourceNames: ['submariner-networkplugin-syncer', 'ocp-submariner-networkplugin-syncer'],
      verbs: ['delete'],
    },
  ],
};

/** The components' ServiceAccounts the operator's DaemonSets and Deployments run as. */
export const COMPONENT_RBAC: readonly ComponentRbac[] = [
  {
    name: 'submariner-gateway',
    namespaced: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: READ },
      EVENTS,
      { apiGroups: ['submariner.io'], resources: ['clusters', 'endpoints', 'gateways'], verbs: WRITE },
      LEASES,
    ],
    cluster: [
      { apiGroups: [''], resources: ['pods', 'services', 'nodes'], verbs: READ },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['submariner.io'], resources: ['clusters', 'endpoints', 'gateways'], verbs: READ },
    ],
  },
  {
    name: 'submariner-routeagent',
    namespaced: [
      { apiGroups: ['submariner.io'], resources: ['clusters', 'endpoints', 'gateways'], verbs: READ },
      { apiGroups: ['submariner.io'], resources: ['gatewayroutes', 'gatewayroutes/status', 'nongatewayroutes', 'nongatewayroutes/status'], verbs: WRITE },
      EVENTS,
    ],
    cluster: [
      { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'endpoints'], verbs: READ },
      { apiGroups: [''], resources: ['nodes'], verbs: READ },
      // ovn-kubernetes clusters: the route agent reads the OVN client certificate
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['ovn-cert'], verbs: ['get'] },
      { apiGroups: ['config.openshift.io'], resources: ['networks'], resourceNames: ['cluster'], verbs: ['get'] },
      // Calico clusters: the route agent adds IPPools for the remote CIDRs
      { apiGroups: ['projectcalico.org'], resources: ['ippools'], verbs: ['get', 'list', 'create', 'update', 'delete', 'deletecollection'] },
    ],
  },
  {
    name: 'submariner-globalnet',
    namespaced: [
      { apiGroups: ['submariner.io'], resources: ['gateways'], verbs: ['get', 'list', 'watch', 'update'] },
      LEASES,
      EVENTS,
    ],
    cluster: [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: READ },
      { apiGroups: [''], resources: ['services', 'endpoints'], verbs: WRITE },
      { apiGroups: ['submariner.io'], resources: ['clusters', 'endpoints'], verbs: READ },
      {
        apiGroups: ['submariner.io'],
        resources: [
          'clusterglobalegressips', 'clusterglobalegressips/status', 'globalegressips', 'globalegressips/status',
          'globalingressips', 'globalingressips/status',
        ],
        verbs: [...WRITE, 'deletecollection'],
      },
      { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceexports'], verbs: READ },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    ],
  },
  {
    name: 'submariner-lighthouse-agent',
    namespaced: [{ apiGroups: [''], resources: ['configmaps'], verbs: READ }],
    cluster: [
      { apiGroups: [''], resources: ['services', 'namespaces', 'endpoints'], verbs: READ },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices', 'endpointslices/restricted'], verbs: [...WRITE, 'deletecollection'] },
      { apiGroups: ['submariner.io'], resources: ['gateways', 'globalingressips'], verbs: READ },
      { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceimports', 'serviceimports/status', 'serviceexports', 'serviceexports/status'], verbs: WRITE },
    ],
  },
  {
    name: 'submariner-lighthouse-coredns',
    namespaced: [{ apiGroups: [''], resources: ['configmaps'], verbs: READ }],
    cluster: [
      { apiGroups: [''], resources: ['services', 'namespaces', 'endpoints'], verbs: READ },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
      { apiGroups: ['submariner.io'], resources: ['gateways', 'submariners'], verbs: READ },
      { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceimports'], verbs: READ },
    ],
  },
  {
    name: 'submariner-diagnose',
    namespaced: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'create', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get', 'list'] },
      { apiGroups: ['submariner.io'], resources: ['submariners', 'servicediscoveries', 'clusters', 'endpoints', 'gateways'], verbs: ['get', 'list'] },
    ],
    cluster: [{ apiGroups: [''], resources: ['configmaps', 'nodes'], verbs: ['get', 'list'] }],
  },
];
