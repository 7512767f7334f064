export * from './transit-switch';
export * from './ic-server';
export * from './ic-database';
export * from './ic-controller';
export * from './interconnected-cluster';
export * from './manual-routes';
export * from './external-ic-database';
