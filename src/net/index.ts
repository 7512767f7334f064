export * from './address';
export * from './cidr';
export * from './overlap';
export * from './planner';
