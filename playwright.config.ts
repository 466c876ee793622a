import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/lib/browser';

const BUILD_PORT = 4173;
const DEV_PORT = 5174;

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
    launchOptions: {
      executablePath: chromiumPath(),
      args: chromiumArgs,
    },
  },
  projects: [
    // Every test, on the production build, as users get it.
    { name: 'build', use: { baseURL: `http://127.0.0.1:${BUILD_PORT}` } },
    // The smoke tests again on `npm run dev`, the first command a newcomer runs (React's StrictMode
    // mounts every component twice there).
    { name: 'dev', testMatch: /smoke\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${DEV_PORT}` } },
  ],
  webServer: [
    {
      command: `npm run build && npx vite preview --host 127.0.0.1 --port ${BUILD_PORT} --strictPort`,
      url: `http://127.0.0.1:${BUILD_PORT}`,
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
