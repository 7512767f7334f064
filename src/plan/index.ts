export * from './diff';
export * from './impact';
export * from './plan';
export { main as planMain, PLAN_USAGE, type PlanCliOutput } from './cli-main';
