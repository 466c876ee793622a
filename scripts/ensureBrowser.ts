/**
 * Makes sure the browser tests have a Chromium to drive, the first step of `npm test`:
 *   $CHROMIUM_PATH, else the system's Chromium, else Playwright's own; when there is none, installs
 *   one — Debian's `chromium` package when running as root with apt, else Playwright's installer —
 *   and when neither can work, stops with the one command a person must run.
 *
 *   npx tsx scripts/ensureBrowser.ts [--check]   (--check: say what would happen, install nothing)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { browserPlan, SYSTEM_CHROMIUMS, type BrowserPlan } from './lib/browser';

function playwrightChromium(): string | null {
  try {
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function plan(): BrowserPlan {
  return browserPlan({
    env: process.env.CHROMIUM_PATH,
    envExists: !!process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH),
    system: SYSTEM_CHROMIUMS.find((p) => existsSync(p)) ?? null,
    playwright: playwrightChromium(),
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    apt: onPath('apt-get'),
  });
}

function run(cmd: string, args: string[]): boolean {
  console.error(`$ ${cmd} ${args.join(' ')}`);
  try {
    execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return true;
  } catch {
    return false;
  }
}

const HELP =
  'No Chromium for the browser tests, and none could be installed here. Install one and run npm test again:\n' +
  '  sudo apt-get install chromium          (Debian, Ubuntu)\n' +
  '  npx playwright install chromium        (anywhere else)\n' +
  'or point CHROMIUM_PATH at a Chromium or Chrome you have.';

function main(): void {
  const first = plan();
  if (first.kind === 'found') {
    console.error(`Browser tests will use ${first.path} (${first.source}).`);
    return;
  }
  if (first.kind === 'bad-env') {
    console.error(`CHROMIUM_PATH is set to ${first.path}, which does not exist. Fix or unset it.`);
    process.exit(1);
  }
  if (process.argv.includes('--check')) {
    console.error(`No Chromium yet; npm test would install one with: ${first.kind === 'apt' ? 'apt-get install chromium' : 'npx playwright install chromium'}.`);
    return;
  }
  console.error('No Chromium found for the browser tests: installing one.');
  const installed = first.kind === 'apt' ? run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']) : run('npx', ['playwright', 'install', 'chromium']);
  const after = plan();
  if (!installed || after.kind !== 'found') {
    console.error(HELP);
    process.exit(1);
  }
  console.error(`Browser tests will use ${after.path} (${after.source}).`);
}

main();
