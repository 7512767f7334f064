export * from './ip-range';
export * from './ip-pool';
export * from './multus-config';
export * from './pool-registry';
