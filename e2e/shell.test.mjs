// The app shell: French by default, the service status, the language switch, deep links,
// the header on a phone and a wide screen, and no serious accessibility violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, launch, withPage, seriousViolations, signInAs, openPersonMenu, openStaffMenu,
} from './harness.mjs';

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

/** The header's rows: the top bar must be one row (its items share a line). */
async function headerShape(page) {
  return page.evaluate(() => {
    const bar = document.querySelector('header nav.topbar');
    const items = [...bar.querySelectorAll(':scope > ul')].filter((u) => getComputedStyle(u).position !== 'fixed');
    const tops = items.map((u) => Math.round(u.getBoundingClientRect().top));
    const areas = document.querySelector('header ul.areas')?.getBoundingClientRect();
    return {
      barHeight: bar.getBoundingClientRect().height,
      sameLine: Math.max(...tops) - Math.min(...tops) < 24,
      areasBottom: areas ? Math.round(areas.bottom) : null,
      viewport: window.innerHeight,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
}

for (const [width, phone] of [[360, true], [1280, false]]) {
  test(`the header is one row at ${width} px for an admin, and marks the current area`, async () => {
    await withPage(browser, `header-${width}`, async (page) => {
      await signInAs(page, 'Alex Durand');
      const shape = await headerShape(page);
      assert.ok(shape.sameLine, `the top bar wraps: ${JSON.stringify(shape)}`);
      assert.ok(shape.barHeight < 80, `the top bar is ${shape.barHeight}px high`);
      assert.ok(shape.overflow <= 0, `the page is ${shape.overflow}px wider than the screen`);
      if (phone) {
        assert.equal(shape.areasBottom, shape.viewport, 'on a phone the main areas are at the bottom');
      } else {
        assert.ok(shape.areasBottom < 120, 'on a wide screen the main areas are in the header');
      }
      const banner = page.getByRole('banner');
      await banner.getByRole('link', { name: 'Échanges', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Mes échanges' }).waitFor();
      assert.equal(await banner.getByRole('link', { name: 'Échanges', exact: true }).getAttribute('aria-current'), 'page');
      assert.equal(await banner.getByRole('link', { name: 'Offres', exact: true }).getAttribute('aria-current'), null);
      // The staff's pages and the person's menu open from the same row.
      await openStaffMenu(page);
      await banner.getByRole('link', { name: 'Réglages' }).waitFor();
      await openStaffMenu(page);
      await openPersonMenu(page);
      await banner.getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
      await openPersonMenu(page);
      assert.deepEqual(await seriousViolations(page), []);
    }, { phone });
  });
}

test('the API documentation is served by SEED itself', async () => {
  await withPage(browser, 'api-docs', async (page) => {
    await page.goto(BASE + '/api/docs');
    await page.getByText('SEED API').first().waitFor();
  });
});

test('the public pages are their own small entry, in French, on a phone', async () => {
  await withPage(browser, 'public-entry', async (page) => {
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    // The old address moves to the public entry.
    await page.goto(BASE + '/confidentialite');
    assert.equal(new URL(page.url()).pathname, '/public/confidentialite');
    await page.getByRole('heading', { level: 1, name: 'Confidentialité' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.ok(fetched.some((p) => /^\/public\/seed-public-.*\.wasm$/.test(p)), fetched.join(' '));
    assert.ok(!fetched.some((p) => p.includes('seed-web-')), `the members' app was downloaded: ${fetched.join(' ')}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('contentinfo').getByRole('link', { name: 'Mentions légales' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mentions légales' }).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Legal notice' }).waitFor();
    await page.goto(BASE + '/public/nulle-part');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.getByRole('button', { name: 'Passer en français' }).click();
    await page.getByRole('link', { name: "Revenir à l'accueil" }).click();
    await page.getByRole('heading', { level: 1, name: 'Bienvenue sur SEED' }).waitFor();
  }, { phone: true });
});
