import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/**
 * The built page's Content-Security-Policy: everything from the page's own origin, no inline or
 * eval'd script. `'wasm-unsafe-eval'` is what the WASM backend needs to compile its binary; nothing
 * else is relaxed. (The dev server injects inline scripts for hot reload, so only the build gets it.)
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'convflow-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

/**
 * Offline after the first visit (issue 15): a Workbox service worker, generated at build time,
 * precaches everything the build holds (the page, its scripts and worker, the WASM binaries, every
 * network's weights and records, the samples), each entry with a revision, so a new build replaces
 * exactly what changed. It waits until the person reloads (the page offers it), so a page never runs
 * one version's code with another version's weights. The Learn view's digits are cached when first used. Registered from `src/app/offline.ts`, not an
 * inline script (the CSP allows none); the dev server has no service worker.
 */
function offline(): Plugin[] {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'ConvFlow',
      short_name: 'ConvFlow',
      description: 'Draw a digit; watch the classic CNNs read it.',
      theme_color: '#0f9d8a',
      background_color: '#f6f7f9',
      display: 'standalone',
      icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,json,bin,svg,png}'],
      // The largest files are the backend worker (1.4 MB) and AlexNet's weights (1.5 MB).
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      cleanupOutdatedCaches: true,
      navigateFallback: 'index.html',
      // The Learn view's digits (2.2 MB, issue 17) are not precached: they download only when Learn
      // opens, and are kept then, so Learn works offline after its first use too.
      runtimeCaching: [{ urlPattern: /\/learn\/[\w.-]+\.gz$/, handler: 'NetworkFirst', options: { cacheName: 'convflow-learn', expiration: { maxEntries: 4 } } }],
    },
  });
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offline()],
  // The backend-timing worker imports backends lazily, which needs ES-module workers.
  worker: { format: 'es' },
  // The dev server bundles these up front: found later (the backends load lazily), they would make it
  // reload the page under a newcomer's first stroke.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'd3', 'react', 'react-dom/client'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // tfjs keeps one global engine per process; run the files one after another in separate workers.
    fileParallelism: false,
  },
});
