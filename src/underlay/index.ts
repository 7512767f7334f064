export * from './names';
export * from './install-underlay';
export * from './provider-network';
export * from './vlan';
export * from './underlay-subnet';
