/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // every core: many suites wait on child processes (helm, kubectl, git, npm), so 2 workers on 2 cores halve the wall time
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
