export * from './model';
export * from './address-plan';
export * from './resolve';
export * from './build';
export * from './render';
export * from './output-folder';
export * from './cli';
export * from './snapshot';
