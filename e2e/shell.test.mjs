// The app shell: French by default, the service status, the language switch, deep links,
// a phone-sized screen, and no serious accessibility violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, withPage, seriousViolations } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('home is in French even for an English browser, and shows the service status', async () => {
  await withPage(browser, 'home-fr', async (page) => {
    await page.goto(BASE + '/');
    await page.getByRole('heading', { level: 1, name: 'Bienvenue sur SEED' }).waitFor();
    await page.getByText('SEED fonctionne normalement.').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.getByText('Mode démonstration').waitFor();
    // The welcome grant is formatted the French way by the domain crate.
    await page.getByText('5,00\u00a0TS').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  }, { locale: 'en-US' });
});

test('the language switch shows English and is remembered', async () => {
  await withPage(browser, 'lang-switch', async (page) => {
    await page.goto(BASE + '/');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome to SEED' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Welcome to SEED' }).waitFor();
    await page.getByRole('button', { name: 'Passer en français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bienvenue sur SEED' }).waitFor();
  });
});

test('a deep link survives a reload and unknown pages say so', async () => {
  await withPage(browser, 'not-found', async (page) => {
    const response = await page.goto(BASE + '/une/page/inconnue');
    assert.equal(response.status(), 200);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await page.getByRole('link', { name: "Revenir à l'accueil" }).click();
    await page.getByRole('heading', { level: 1, name: 'Bienvenue sur SEED' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('the home page fits a 360 px phone', async () => {
  await withPage(browser, 'home-phone', async (page) => {
    await page.goto(BASE + '/');
    await page.getByText('SEED fonctionne normalement.').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  }, { phone: true });
});

test('the API documentation is served by SEED itself', async () => {
  await withPage(browser, 'api-docs', async (page) => {
    await page.goto(BASE + '/api/docs');
    await page.getByText('SEED API').first().waitFor();
  });
});
