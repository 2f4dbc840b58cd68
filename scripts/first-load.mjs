// Measures the SPA's first load as a phone on a slow network sees it: Debian's Chromium through
// playwright-core and the DevTools protocol, 360 px wide, 4x slower CPU, 150 ms latency,
// 1.6 Mbit/s down and 750 kbit/s up. A small static page served by this script in the same run
// is the floor (what any page costs on that network); the figures are the median of RUNS
// fresh visits, each followed by a repeat visit in the same browser context (a warm cache).
//   node scripts/first-load.mjs URL [PATH...]     (default path: /)
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';

const RUNS = Number(process.env.SEED_FIRST_LOAD_RUNS ?? 5);
const base = process.argv[2];
const paths = process.argv.length > 3 ? process.argv.slice(3) : ['/'];
if (!base) throw new Error('usage: node scripts/first-load.mjs URL [PATH...]');

const STATIC = '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
  + '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Plancher</title></head>'
  + '<body><main><h1>Une page statique</h1><p>Le plancher de la mesure.</p></main></body></html>';
const floorServer = createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(STATIC);
});
await new Promise((resolve) => floorServer.listen(0, '127.0.0.1', resolve));
const floorUrl = `http://127.0.0.1:${floorServer.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function throttled(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return page;
}

/** One visit: first contentful paint, and when the page's `h1` is in `main` (ms since navigation). */
async function visit(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  const rendered = await page.waitForFunction(
    () => (document.querySelector('main h1') ? performance.now() : null),
    null, { polling: 'raf', timeout: 60_000 },
  ).then((h) => h.jsonValue());
  const fcp = await page.evaluate(() => new Promise((resolve) => {
    const seen = performance.getEntriesByName('first-contentful-paint')[0];
    if (seen) return resolve(seen.startTime);
    new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime))
      .observe({ type: 'paint', buffered: true });
  }));
  return { fcp, rendered };
}

async function measure(url) {
  const first = []; const repeat = [];
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'fr-FR',
    });
    const page = await throttled(context);
    first.push(await visit(page, url));
    repeat.push(await visit(page, url));
    await context.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    fcp: median(first.map((v) => v.fcp)),
    rendered: median(first.map((v) => v.rendered)),
    repeat: median(repeat.map((v) => v.rendered)),
  };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const floor = await measure(floorUrl);
console.log(`floor (static page): first paint ${s(floor.fcp)}, repeat ${s(floor.repeat)}  [median of ${RUNS}]`);
for (const path of paths) {
  const m = await measure(base + path);
  console.log(`${path}: first contentful paint ${s(m.fcp)} (floor + ${s(m.fcp - floor.fcp)}), `
    + `rendered ${s(m.rendered)} (floor + ${s(m.rendered - floor.fcp)}), `
    + `repeat visit ${s(m.repeat)} (floor + ${s(m.repeat - floor.repeat)})`);
}
await browser.close();
floorServer.close();
