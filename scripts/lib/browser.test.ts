import { describe, expect, it } from 'vitest';
import { browserPlan, type BrowserFacts } from './browser';

const bare: BrowserFacts = { env: undefined, envExists: false, system: null, playwright: null, root: false, apt: false };

describe('browserPlan: how npm test gets its Chromium', () => {
  it('uses CHROMIUM_PATH first, and says so when it points nowhere', () => {
    expect(browserPlan({ ...bare, env: '/opt/chrome', envExists: true, system: '/usr/bin/chromium' })).toEqual({ kind: 'found', path: '/opt/chrome', source: 'CHROMIUM_PATH' });
    expect(browserPlan({ ...bare, env: '/nope', system: '/usr/bin/chromium' })).toEqual({ kind: 'bad-env', path: '/nope' });
  });

  it("then the system's Chromium, then Playwright's own", () => {
    expect(browserPlan({ ...bare, system: '/usr/bin/chromium', playwright: '/pw/chrome' })).toMatchObject({ kind: 'found', source: 'system' });
    expect(browserPlan({ ...bare, playwright: '/pw/chrome' })).toMatchObject({ kind: 'found', source: 'Playwright' });
  });

  it("installs Debian's package as root with apt, else runs Playwright's installer", () => {
    expect(browserPlan({ ...bare, root: true, apt: true })).toEqual({ kind: 'apt' });
    expect(browserPlan({ ...bare, root: false, apt: true })).toEqual({ kind: 'playwright-install' });
    expect(browserPlan({ ...bare, root: true, apt: false })).toEqual({ kind: 'playwright-install' });
  });
});
