import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { runCommand } from '../../../src/exec/index.js';

// Headless Debian Chromium driven by playwright-core, for the UI's browser tests. Playwright
// never downloads a browser here: scripts/setup installs the `chromium` package.

export const chromiumPath = '/usr/bin/chromium';
const repoRoot = resolve(import.meta.dirname, '../../..');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/** Newest modification time of any file under `dir`, in ms. */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `dist-ui/`, built by `npm run build:ui` first when it is missing or older than `ui/`. */
export async function builtUi(): Promise<string> {
  const dist = join(repoRoot, 'dist-ui');
  const index = join(dist, 'index.html');
  const stale =
    !existsSync(index) || statSync(index).mtimeMs < newestUnder(join(repoRoot, 'ui', 'src'));
  if (stale) await runCommand('npm', ['run', '--silent', 'build:ui'], { cwd: repoRoot });
  return dist;
}

/**
 * The shell asks `GET /api/session` who is signed in; before sign-in the answer is 401 and
 * Chromium logs every non-2xx response as a console error. That one is how signing in starts.
 */
function isSignedOutProbe(text: string, url: string): boolean {
  return /status of 401/.test(text) && new URL(url, 'http://x').pathname === '/api/session';
}

export type BrowserSession = {
  readonly page: Page;
  /** Console errors and uncaught page errors seen so far; a test fails on any. */
  readonly errors: readonly string[];
  /** A full-page PNG in test-results/screenshots/, kept as a test artefact. */
  readonly screenshot: (name: string) => Promise<void>;
  readonly close: () => Promise<void>;
};

/**
 * Starts Chromium with the flags this machine needs (no sandbox as root, no background network
 * on a closed network) and a fresh profile. Throws, never skips, when Chromium is missing.
 */
export async function openBrowser(baseURL: string): Promise<BrowserSession> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: the UI browser tests need Debian's chromium package; ` +
        'run `scripts/setup` (or `apt-get install -y chromium`) and try again',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'slipway-chromium-'));
  // A persistent context is how playwright takes a profile folder: a fresh one each time.
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    baseURL,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' || isSignedOutProbe(message.text(), message.location().url))
      return;
    errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  mkdirSync(screenshotDir, { recursive: true });
  return {
    page,
    errors,
    screenshot: async (name) => {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
