import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';

const root = path.resolve(import.meta.dirname, '../../..');
/** Debian's Chromium; we never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the web app when dist/web is missing or older than its sources (the same
 * rule and stamp as scripts/build-if-needed.mjs, without rebuilding the server).
 */
export function ensureWebBuilt(): void {
  const stamp = path.join(root, 'dist', '.web-stamp');
  const built = existsSync(path.join(root, 'dist', 'web', 'index.html')) && existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const src = Math.max(
    newest(path.join(root, 'src', 'web')),
    newest(path.join(root, 'src', 'shared')),
    // The web app bundles the auction domain's pure rules too.
    newest(path.join(root, 'src', 'modules', 'auctions', 'domain')),
  );
  if (built >= src) return;
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, '');
}

/** Launches Debian's Chromium headless; fails (never skips) when it is not installed. */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  // Playwright gives every launch a fresh temporary --user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** The app on a real port with a fresh database, plus its base URL. */
export async function startWebApp(env: Record<string, string> = {}): Promise<TestApp & { url: string }> {
  ensureWebBuilt();
  const t = await startTestApp({ env });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('server did not bind a TCP port');
  return Object.assign(t, { url: `http://127.0.0.1:${addr.port}` });
}

/**
 * One web app and one Chromium for a test file, started before its tests and
 * stopped after them. Read `suite.t` and `suite.browser` inside the tests.
 */
export function browserSuite(env: Record<string, string> = {}): { t: TestApp & { url: string }; browser: Browser } {
  const suite = {} as { t: TestApp & { url: string }; browser: Browser };
  let chrome: Awaited<ReturnType<typeof launchChromium>> | undefined;
  beforeAll(async () => {
    suite.t = await startWebApp(env);
    chrome = await launchChromium();
    suite.browser = chrome.browser;
  }, 120_000);
  afterAll(async () => {
    await chrome?.close();
    await suite.t?.close();
  });
  return suite;
}

const violations: string[] = [];
/** The Content-Security-Policy violations every context reported so far. */
export function cspViolations(): string[] {
  return [...violations];
}

/** A browser context signed in as the user with this session token (cookie, as the web app uses). */
export async function contextAs(
  browser: Browser,
  baseUrl: string,
  token: string | null,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport, baseURL: baseUrl, locale: 'en-US', timezoneId: 'UTC', reducedMotion: 'reduce' });
  // Every page reports Content-Security-Policy violations to the console; they are collected.
  await ctx.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`,
  });
  ctx.on('console', (m) => {
    if (/CSP violation|Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  if (token)
    await ctx.addCookies([{ name: 'gavel_session', value: encodeURIComponent(token), url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  ctx.setDefaultTimeout(10_000);
  return ctx;
}
