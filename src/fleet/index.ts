export * from './cluster-network';
export * from './cni';
export * from './cluster';
export * from './fleet';
export * from './render';
export * from './output-folder';
export * from './cli';
