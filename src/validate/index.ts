export * from './problem';
export * from './validator';
export { CrdCatalog, type Crd, type CrdVersion } from './crd-catalog';
export { CrdSchemas, createCrdAjv, strictCrdSchema } from './crd-schemas';
export { builtinKind, type BuiltinKind } from './builtin-kinds';
export { metadataProblems } from './metadata';
export { CLUSTER_SCOPED_BUILTIN_KINDS, scopeProblems } from './scope';
export { listYamlFiles, parseYamlDocuments, type ParsedDocument } from './yaml-files';
export { main, USAGE, type CliOutput } from './cli-main';
