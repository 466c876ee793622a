import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/lib/browser';

const BUILD_PORT = 4173;
const DEV_PORT = 5174;
const SUBPATH_PORT = 4175;
/** A static host that serves the app under a sub-path, as a course site would. */
export const SUBPATH = '/convflow/';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 860 },
    // The build's service worker would answer requests that tests route or count; the offline
    // tests (e2e/offline.spec.ts) allow it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: chromiumPath(),
      args: chromiumArgs,
    },
  },
  projects: [
    // Every test, on the production build, as users get it.
    { name: 'build', testIgnore: /subpath\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${BUILD_PORT}` } },
    // The smoke tests again on `npm run dev`, the first command a newcomer runs (React's StrictMode
    // mounts every component twice there).
    { name: 'dev', testMatch: /smoke\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${DEV_PORT}` } },
    // The build made for a sub-path (npm run build -- --base=/convflow/), served under it.
    { name: 'subpath', testMatch: /subpath\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${SUBPATH_PORT}${SUBPATH}` } },
  ],
  webServer: [
    {
      command: `npm run build && npx vite preview --host 127.0.0.1 --port ${BUILD_PORT} --strictPort`,
      url: `http://127.0.0.1:${BUILD_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      command: `npx vite build --base=${SUBPATH} --outDir dist-subpath --emptyOutDir && npx vite preview --base=${SUBPATH} --outDir dist-subpath --host 127.0.0.1 --port ${SUBPATH_PORT} --strictPort`,
      url: `http://127.0.0.1:${SUBPATH_PORT}${SUBPATH}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${DEV_PORT} --strictPort`,
      url: `http://127.0.0.1:${DEV_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
  ],
});
