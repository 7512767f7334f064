import * as path from 'path';

/**
 * The ground truth next to the project (`../shared`): CRDs and chart values the tests read. Each
 * folder can be moved with an environment variable.
 */
export const SHARED_DIR = process.env.OVN_IC_SHARED_DIR ?? path.resolve(__dirname, '../../../shared');
export const CRD_DIR = process.env.OVN_IC_CRD_DIR ?? path.join(SHARED_DIR, 'crds');
export const CHARTS_DIR = process.env.OVN_IC_CHARTS_DIR ?? path.join(SHARED_DIR, 'charts');
