import { type Finding, finding } from './problem';

/**
 * Built-in kinds that are cluster-scoped (Kubernetes 1.33, `kubectl api-resources --namespaced=false`);
 * every other built-in kind is namespaced. For custom resources the CRD's spec.scope decides.
 */
export const CLUSTER_SCOPED_BUILTIN_KINDS: ReadonlySet<string> = new Set([
  // v1
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  // rbac.authorization.k8s.io
  'ClusterRole', 'ClusterRoleBinding',
  // apiextensions.k8s.io, apiregistration.k8s.io
  'CustomResourceDefinition', 'APIService',
  // admissionregistration.k8s.io
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  // scheduling, node, storage, networking
  'PriorityClass', 'RuntimeClass',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass',
  'IngressClass', 'IPAddress', 'ServiceCIDR',
  // certificates, flowcontrol, resource
  'CertificateSigningRequest', 'ClusterTrustBundle',
  'FlowSchema', 'PriorityLevelConfiguration',
  'DeviceClass', 'ResourceSlice',
  // authentication/authorization reviews (LocalSubjectAccessReview is namespaced)
  'TokenReview', 'SelfSubjectReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
]);

/** Our GitOps output must never rely on a default namespace, nor put a namespace where none applies. */
export function scopeProblems(kind: string, namespaced: boolean, namespace: unknown): Finding[] {
  if (namespaced && (namespace === undefined || namespace === '')) {
    return [finding('metadata.namespace', `required for the namespaced kind ${kind} (the output must not depend on a default namespace)`)];
  }
  if (!namespaced && namespace !== undefined) {
    return [finding('metadata.namespace', `must not be set on the cluster-scoped kind ${kind}`)];
  }
  return [];
}
