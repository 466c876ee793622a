import { existsSync } from 'node:fs';

/** A Chromium to drive: $CHROMIUM_PATH, else Debian's, else Playwright's own (when a user has one). */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export const chromiumArgs = [
  // WebGPU on SwiftShader where no GPU exists, so the WebGPU path really runs.
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
