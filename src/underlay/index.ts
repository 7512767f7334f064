export * from './provider-network';
export * from './vlan';
export * from './underlay-subnet';
