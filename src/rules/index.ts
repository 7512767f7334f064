export * from './problems';
export * from './names';
export * from './ips';
export * from './chart-registry';
export * from './cluster';
export * from './input';
export * from './reserved';
