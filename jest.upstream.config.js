/** @type {import('jest').Config} The checks against the pinned upstream files in ../shared (`npm run test:upstream`). */
module.exports = { ...require('./jest.config'), roots: ['<rootDir>/upstream'] };
