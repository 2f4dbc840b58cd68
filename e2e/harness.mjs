// Shared set-up of the browser journeys: Debian's Chromium driven by playwright-core,
// French by default, a screenshot of the page when a journey fails, and an axe-core check.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const BASE = process.env.SEED_E2E_URL ?? 'http://127.0.0.1:8080';
export const SCREENSHOTS = process.env.SEED_E2E_SCREENSHOTS
  ?? join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    // Playwright gives each launch a fresh, empty profile of its own.
  });
}

/** Opens a page (a phone when `phone` is true), runs `journey`, screenshots on failure. */
export async function withPage(browser, name, journey, { phone = false, locale = 'fr-FR' } = {}) {
  const context = await browser.newContext({
    locale,
    viewport: phone ? { width: 360, height: 740 } : { width: 1280, height: 900 },
    isMobile: phone,
    hasTouch: phone,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Chromium logs every 4xx/5xx answer as "Failed to load resource", without its address.
    // The SPA expects some from the API (401 when signed out, 404 outside demo mode, 409...):
    // answers are checked below, with their address, instead.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded')) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    // A refusal by the API is an answer the SPA shows; a missing asset or a server error is not.
    if (path === '/favicon.ico') return;
    if (r.status() >= 500 || (r.status() >= 400 && !path.startsWith('/api/'))) {
      problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });
  try {
    await journey(page);
    if (problems.length) throw new Error(problems.join('\n'));
    if (process.env.SEED_E2E_SHOTS_ALWAYS) await shoot(page, name);
  } catch (e) {
    const file = await shoot(page, name);
    e.message += `\nscreenshot: ${file}`;
    throw e;
  } finally {
    await context.close();
  }
}

async function shoot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  return file;
}

/** axe-core on the current page, in light and in dark mode (many phones use it, and Pico
 *  follows it): the serious and critical violations, each with its mode (evaluated through the
 *  DevTools protocol, which the page's CSP does not govern). */
export async function seriousViolations(page) {
  await page.evaluate(AXE);
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    // Reduced motion: Pico then drops its colour transitions, which axe would catch halfway.
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
    found.push(...result
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ mode: colorScheme, ...v })));
  }
  await page.emulateMedia({ colorScheme: null, reducedMotion: null });
  return found;
}

/** A no-break space, as in "12,50 TS", and the minus sign of negative amounts. */
export const NBSP = '\u00a0';
export const MINUS = '\u2212';

/** Signs in as a demo person from the sign-in page and waits for the header to name them. */
export async function signInAs(page, name) {
  await page.goto(BASE + '/connexion');
  await page.getByRole('button', { name: new RegExp(`^Se connecter comme ${name} `) }).click();
  await page.getByRole('banner').getByText(name, { exact: true }).waitFor();
}

/** Opens (or closes) the signed-in person's menu in the header: their account, the
 *  language, signing out. */
export async function openPersonMenu(page) {
  await page.getByRole('banner').locator('details.person > summary').click();
}

/** Opens (or closes) the staff's menu, "Gestion" (only its icon shows on a phone). */
export async function openStaffMenu(page) {
  await page.getByRole('banner').locator('details.staff > summary').click();
}

/** Accepts the next confirmation dialog; resolves to its text. */
export function acceptNextDialog(page) {
  return new Promise((resolve) => {
    page.once('dialog', async (dialog) => {
      const message = dialog.message();
      await dialog.accept();
      resolve(message);
    });
  });
}

/** Runs `action`, which must not ask for a confirmation (a dialog would be dismissed). */
export async function withoutDialog(page, action) {
  let asked = null;
  const onDialog = async (dialog) => { asked = dialog.message(); await dialog.dismiss(); };
  page.on('dialog', onDialog);
  try {
    await action();
  } finally {
    page.off('dialog', onDialog);
  }
  assert.equal(asked, null, `unexpected confirmation: ${asked}`);
}

/**
 * Runs `action`, then puts back the settings read from `get` beforehand (a PUT to `put` as the
 * signed-in admin), even when `action` fails: the journeys share one server.
 */
export async function restoringSettings(page, get, put, action) {
  const saved = await (await page.request.get(BASE + get)).json();
  try {
    await action();
  } finally {
    const restored = await page.request.put(BASE + put, { data: saved, headers: { 'x-seed-csrf': '1' } });
    assert.ok(restored.ok(), `putting back ${put}: ${restored.status()}`);
  }
}
