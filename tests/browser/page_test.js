// The search page in headless Chromium: type a query, see highlighted results, click a facet (and
// unclick it), page, expand context, "more from this document", open a permalink, on a phone-sized
// screen too; markup in passages stays text. Screenshots go to the work folder (paths printed).
// Usage: node page_test.js BASE_URL CHROMIUM WORK_DIR   (NODE_PATH must reach playwright-core)
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const [base, executablePath, work] = process.argv.slice(2);
let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok     ' : 'FAILED ') + what);
  if (!ok) failures++;
}

(async () => {
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('dialog', (d) => { errors.push('dialog: ' + d.message()); d.dismiss(); });
    await page.goto(base + '/');

    // Keyboard: "/" focuses the box, Enter searches.
    await page.click('body');
    await page.keyboard.press('/');
    check(await page.evaluate(() => document.activeElement.id === 'q'), '"/" focuses the query box');
    await page.keyboard.type('nuclear test');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#hits .hit');
    check((await page.locator('#hits .hit').count()) === 10, 'a page of 10 hits');
    const marks = await page.locator('#hits .hit mark').allTextContents();
    check(marks.length > 0 && marks.every((m) => /^(nuclear|test)$/i.test(m)), 'matches are highlighted: ' + marks.slice(0, 4).join(','));
    check(/About \d+ passages; showing 1\u201310\./.test(await page.textContent('#status')), 'the status line counts');
    check(new URL(page.url()).searchParams.get('q') === 'nuclear test', 'the query is in the URL');
    await page.screenshot({ path: path.join(work, 'results.png'), fullPage: true });

    // Facets: click a country, every hit is from it; click again to remove the filter.
    const fra = page.locator('[data-facet="country"] button[data-filter="country:FRA"]');
    check((await fra.count()) === 1, 'the country facet lists FRA');
    await fra.click();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('filter').includes('country:FRA'));
    await page.waitForSelector('[data-filter="country:FRA"][aria-pressed="true"]');
    const wheres = await page.locator('#hits .hit .where').allTextContents();
    check(wheres.length === 4 && wheres.every((w) => w.startsWith('FRA_')), 'the FRA filter leaves FRA hits: ' + wheres.length);
    check((await page.locator('#filters button').count()) === 1, 'the filter shows as a removable chip');
    await page.click('[data-filter="country:FRA"]');
    await page.waitForFunction(() => !location.search.includes('filter='));
    await page.waitForFunction(() => document.querySelectorAll('#hits .hit').length === 10);
    check(true, 'clicking it again removes the filter');

    // A bucketed facet: the decade.
    await page.click('[data-facet="year/10"] button[data-filter="year:1980..1989"]');
    await page.waitForSelector('[data-filter="year:1980..1989"][aria-pressed="true"]');
    const years = await page.locator('#hits .hit .fields').allTextContents();
    check(years.length > 0 && years.every((f) => f.includes('year: 1987')), 'the 1980s facet leaves 1987 speeches');
    await page.click('#filters button');
    await page.waitForFunction(() => !location.search.includes('filter='));

    // Paging, forward and back.
    await page.waitForSelector('#next');
    await page.click('#next');
    await page.waitForFunction(() => /showing 11\u2013/.test(document.getElementById('status').textContent));
    check(new URL(page.url()).searchParams.get('offset') === '10', 'next page: offset 10');
    await page.click('#prev');
    await page.waitForFunction(() => /showing 1\u2013/.test(document.getElementById('status').textContent));
    check(true, 'previous page');
    await page.goBack();
    await page.waitForFunction(() => /showing 11\u2013/.test(document.getElementById('status').textContent));
    check(true, 'the browser\'s back button returns to page 2');
    await page.goForward();
    await page.waitForFunction(() => /showing 1\u2013/.test(document.getElementById('status').textContent));

    // Context expansion.
    const first = page.locator('#hits .hit').first();
    await first.locator('button', { hasText: 'context' }).click();
    await first.locator('.context p.target').waitFor();
    check((await first.locator('.context p').count()) >= 2, 'context shows the paragraphs around the hit');

    // More from this document.
    const doc = (await first.locator('.where').textContent()).split('  ')[0];
    await first.locator('a', { hasText: 'more from this document' }).click();
    await page.waitForFunction((d) => new URL(location.href).searchParams.getAll('filter').includes('path:' + d), doc);
    await page.waitForFunction(() => document.querySelectorAll('#hits .hit').length > 0 && !/Searching/.test(document.getElementById('status').textContent));
    const docs = await page.locator('#hits .hit .where').allTextContents();
    check(docs.length === 2 && docs.every((w) => w.startsWith(doc + '  ')), 'more from ' + doc + ': its passages only');

    // Markup in a passage stays text: no script ran, no element was made from it.
    await page.fill('#q', 'minutes record');
    await page.press('#q', 'Enter');
    await page.waitForFunction(() => /XSS_2000/.test(document.getElementById('hits').textContent));
    const text = await page.locator('#hits .hit .snippet').first().textContent();
    check(text.includes('<script>window.pwned = 1</script>'), 'a <script> in a passage is shown as text');
    check(await page.evaluate(() => window.pwned === undefined), 'no script from a passage ran');
    check((await page.locator('#hits script, #hits img').count()) === 0, 'no element was made from passage text');

    // A query with markup: shown back as text.
    await page.fill('#q', '<img src=x onerror="window.pwned=3">');
    await page.press('#q', 'Enter');
    await page.waitForFunction(() => !/Searching/.test(document.getElementById('status').textContent));
    check(await page.evaluate(() => window.pwned === undefined && !document.querySelector('#results img')), 'a query with markup stays text');

    // A permalink, opened from the results.
    await page.fill('#q', 'nuclear');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#hits .hit');
    const link = page.locator('#hits .hit a', { hasText: 'permalink' }).first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForSelector('.passage p.target');
    check(/^\/p\/.+#\d+$/.test(href), 'permalink ' + href);
    check((await page.locator('.passage p').count()) >= 3, 'the permalink shows the passage with context');
    const direct = await browser.newPage();
    await direct.goto(base + href);
    await direct.waitForSelector('.passage p.target');
    check((await direct.locator('.passage p.target').textContent()).length > 10, 'the permalink opens on its own');
    await direct.close();

    // Phone-sized.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(base + '/?q=nuclear');
    await phone.waitForSelector('#hits .hit');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, 'no horizontal scrolling on a phone (' + overflow + ' px)');
    await phone.screenshot({ path: path.join(work, 'phone.png'), fullPage: false });

    check(errors.length === 0, 'no script errors: ' + errors.join(' | '));
    console.log('screenshots: ' + path.join(work, 'results.png') + ' ' + path.join(work, 'phone.png'));
  } finally {
    await browser.close();
  }
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
