// check_pages.cjs - open web pages in Debian's chromium (headless, driven by
// playwright-core) and check each one:
//
//   axe      no violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules
//            (tags wcag2a wcag2aa wcag21a wcag21aa wcag22aa), at 1280 and at
//            390 px wide;
//   page     lang and a title present, no <script> of its own;
//   phone    no horizontal scrolling at 390 px;
//   text     when a .txt is given: the words the browser shows in <main>
//            (innerText) are the text writer's words, labels included;
//   shots    a full-page screenshot at each width, into SHOTS_DIR.
//
// usage: node check_pages.cjs MODULES_DIR SHOTS_DIR NAME=PAGE.html[,PAGE.txt] ...
// MODULES_DIR holds node_modules (installed by npm ci into the build folder).
// Prints "ok: ..." or "FAIL: ..." per check; exits 1 if any check failed,
// 2 if the browser could not be started.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];

const [modulesDir, shotsDir, ...specs] = process.argv.slice(2);
if (!modulesDir || !shotsDir || specs.length === 0) {
  console.error('usage: node check_pages.cjs MODULES_DIR SHOTS_DIR NAME=PAGE.html[,PAGE.txt] ...');
  process.exit(2);
}
const load = (name) => require(path.join(modulesDir, 'node_modules', name));
const { chromium } = load('playwright-core');
const axeSource = fs.readFileSync(path.join(modulesDir, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let failures = 0;
const ok = (what) => console.log(`ok: ${what}`);
const fail = (what) => { failures++; console.log(`FAIL: ${what}`); };

const words = (text) => text.split(/\s+/).filter((w) => w.length > 0);

// Where two word lists first differ, with a little of each around it.
function firstDifference(want, got) {
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    if (want[i] !== got[i]) {
      const around = (list) => list.slice(Math.max(0, i - 4), i + 5).join(' ');
      return `word ${i + 1}: text writer "${around(want)}" / browser "${around(got)}"`;
    }
  }
  return null;
}

async function checkAxe(page, name, width) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags },
                                               resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length,
                                     target: v.nodes[0] && v.nodes[0].target.join(' ') }));
  }, TAGS);
  if (result.length === 0)
    ok(`axe ${name} at ${width}px: no violations`);
  for (const v of result)
    fail(`axe ${name} at ${width}px: ${v.id}: ${v.help} (${v.nodes} element(s), first ${v.target})`);
}

async function checkPageBasics(page, name) {
  const facts = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang') || '',
    title: document.title,
    scripts: document.scripts.length,
  }));
  if (facts.lang && facts.title.trim() && facts.scripts === 0)
    ok(`page ${name}: lang="${facts.lang}", title "${facts.title}", no scripts`);
  else
    fail(`page ${name}: lang="${facts.lang}", title "${facts.title}", ${facts.scripts} script(s)`);
}

async function checkText(page, name, txtPath) {
  const shown = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? main.innerText : '';
  });
  const want = words(fs.readFileSync(txtPath, 'utf8'));
  const got = words(shown);
  const diff = firstDifference(want, got);
  if (diff)
    fail(`text ${name}: the browser shows other words than ${path.basename(txtPath)}: ${diff}`);
  else
    ok(`text ${name}: ${got.length} words, the same as ${path.basename(txtPath)}`);
}

async function checkNoSideScroll(page, name, width) {
  const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
                                            client: document.documentElement.clientWidth }));
  if (sizes.scroll <= sizes.client)
    ok(`phone ${name}: no horizontal scrolling at ${width}px`);
  else
    fail(`phone ${name}: ${sizes.scroll}px wide at ${width}px: scrolls sideways`);
}

async function checkPage(context, spec) {
  const [name, files] = spec.split('=');
  const [htmlPath, txtPath] = files.split(',');
  const page = await context.newPage();
  try {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.goto(pathToFileURL(path.resolve(htmlPath)).href, { waitUntil: 'load' });
      if (size.width === WIDTHS[0].width) {
        await checkPageBasics(page, name);
        if (txtPath)
          await checkText(page, name, txtPath);
      } else {
        await checkNoSideScroll(page, name, size.width);
      }
      const shot = path.join(shotsDir, `${name}-${size.width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await checkAxe(page, name, size.width);
    }
  } finally {
    await page.close();
  }
}

async function main() {
  fs.mkdirSync(shotsDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'papers-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: WIDTHS[0],
    });
  } catch (e) {
    console.log(`FAIL: chromium did not start: ${e.message.split('\n')[0]}`);
    fs.rmSync(profile, { recursive: true, force: true });
    process.exit(2);
  }
  // The pages are files; nothing may be fetched from anywhere else.
  await context.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort());
  try {
    for (const spec of specs)
      await checkPage(context, spec);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL: ${e.stack || e}`);
  process.exit(2);
});
