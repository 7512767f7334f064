export * from './net';
export * from './rules';
export * from './fleet';
export * from './kube-ovn';
export * from './ovn-ic';
export * from './gitops';
export { ManifestValidator, ManifestValidatorOptions, ValidationProblem } from './validate';
export { buildDefaultFleet } from './default-fleet';
