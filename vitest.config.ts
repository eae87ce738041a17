import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/file-setup.ts'],
    // a hang still fails; a job that runs on a machine twice as slow as this one (the CI's) does not
    testTimeout: 60_000,
    // what a test polls for (a page's answer, a job's end) may take seconds on a loaded two-core machine
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    // the suites fire thousands of requests a second from a handful of users: budgets out of the way,
    // except in tests/api/ratelimit.test.ts, which sets its own
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', CADRE_RATE_TENANT_PER_S: '100000', CADRE_RATE_USER_PER_S: '100000', CADRE_RATE_CLIENT_PER_S: '100000' },
    pool: 'forks',
    maxWorkers: 2,
  },
})
