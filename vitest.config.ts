import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The dashboard tests drive Debian's Chromium, which a fresh machine does not have (npm cannot
 * install a browser here). CI installs it (.ci/run) and always runs them; elsewhere they run when
 * Chromium is there, and otherwise the run says plainly that they were left out and how to add them.
 */
const CHROMIUM = '/usr/bin/chromium';
const browserTests = Boolean(process.env['CI']) || existsSync(CHROMIUM);
if (!browserTests) {
  console.warn(`\n  dashboard browser tests NOT run: ${CHROMIUM} is missing (sudo apt-get install -y chromium to run them)\n`);
}

/** Same for the tests over pseudo-terminals (the hardware path, `neuroboard tty`): they need socat (sudo apt-get install -y socat). */
const SOCAT = '/usr/bin/socat';
const ptyTests = Boolean(process.env['CI']) || existsSync(SOCAT);
if (!ptyTests) {
  console.warn(`\n  tests over ttys (hardware path, neuroboard tty) NOT run: ${SOCAT} is missing (sudo apt-get install -y socat to run them)\n`);
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    exclude: [
      ...configDefaults.exclude,
      ...(browserTests ? [] : ['test/browser/**']),
      ...(ptyTests ? [] : ['test/integration/ptyHardware.test.ts', 'test/cli/tty.test.ts', 'test/cli/flashPty.test.ts']),
    ],
    // The emulator tests are CPU-bound; two workers match the 2-core machines CI runs on.
    maxWorkers: 2,
    // Test files share their worker's module cache instead of importing everything again (fastify,
    // playwright, the runtime) for each of 200 files: the imports cost 100 s of a 6-minute run of
    // the Node tests. So a test file leaves no global state behind (stubbed env, timers, listeners).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
