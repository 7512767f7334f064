export * from './image';
export * from './subnet';
export * from './subnet-rules';
export * from './overlay-subnet';
export * from './net-stack';
export * from './names';
export * from './install-underlay';
export * from './node-labels';
