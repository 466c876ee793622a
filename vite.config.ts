import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
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

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
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
