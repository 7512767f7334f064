export * from './problem';
export * from './validator';
export { CrdCatalog, type Crd, type CrdSource, type CrdVersion } from './crd-catalog';
export { CrdSchemas, createCrdAjv, strictCrdSchema } from './crd-schemas';
export { builtinKind, builtinSuggestions, editDistance, type BuiltinKind } from './builtin-kinds';
export { metadataProblems } from './metadata';
export { CLUSTER_SCOPED_BUILTIN_KINDS, scopeProblems } from './scope';
export { listFiles, listYamlFiles, parseYamlDocuments, type ParsedDocument } from './yaml-files';
export {
  allChartFacts, BUNDLE_INDEX, BundleCatalog, bundleCrds, chartFacts, defaultSchemaDir, readBundleIndex, type ChartCrd,
  type BundleIndex, type BundleKind, type BundleSource, type BundleVersion, type ChartFacts, type JsonType,
} from './schema-bundle';
export { factsOnly, ownedFiles, parseSource, regenerate, valueTypes, type RegenerateOptions } from './bundle-generator';
export { main, USAGE, type CliOutput } from './cli-main';
export { validateDirectory, type DirectoryValidation, type ValidateDirectoryOptions } from './parallel';
export {
  ASSUMPTIONS_FILE, BUILT_IN_NAMESPACES, checkConvergence, DEFAULT_PREINSTALLED_CRDS, readAssumptions,
  type ConvergenceAssumptions, type ConvergenceOptions,
} from './convergence';
