export * from './ip-range';
export * from './ip-pool';
export * from './multus-config';
export * from './pool-registry';
export * from './cni-config';
export * from './coordinator';
export * from './label-selector';
