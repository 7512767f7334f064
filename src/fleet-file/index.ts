export * from './format';
export { type FleetFileProblem, formatFileProblem, type LoadedFleetFile, loadFleetFileText } from './load';
export { checkFleetFile, type FleetFileCheck, fleetFileBuild, isFleetFile, readFleetFile, renderFleetFile } from './check';
export { FLEET_FILE_SCHEMA, fleetFileSchemaPath } from './schema';
