// The built pages, opened as a reader would: Debian's Chromium driven by playwright-core, from a
// local HTTP server laid out like the stub (/docs/…, /openapi.json) and straight from the disk.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeSpans, type Lang, loadBundle, numbers, specJsonPath, specYamlPath } from './bundle.js';
import { comments, samples } from './samples.js';
import { serveDocs, type StaticServer } from './serve.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const artifacts = join(root, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LANGS: Lang[] = ['en', 'zh-CN'];
const OTHER: Record<Lang, Lang> = { en: 'zh-CN', 'zh-CN': 'en' };
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;

const bundle = loadBundle();

let browser: Browser;
let server: StaticServer;
/** Font families that fontconfig says cover Chinese. */
let cjkFamilies: Set<string>;

type Where = 'http' | 'file';
const base = (where: Where) => (where === 'http' ? `${server.origin}/docs/` : `${pathToFileURL(dist).href}/`);

/** Why the browser tests cannot run; each of them fails with it (never a skip). */
let setupError: string | undefined;

function checkSetup(): string | undefined {
  const install = 'run `bash packages/docs/scripts/ensure-browser.sh` (apt-get install chromium fonts-wqy-microhei)';
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM}: ${install}.`;
  for (const page of ['index.html', 'en/index.html', 'zh-CN/index.html', 'openapi.json', 'openapi.yaml']) {
    if (!existsSync(join(dist, page))) return `dist/${page} is missing: run \`pnpm --filter @jdcloud-vm/docs build\`.`;
  }
  let families: string;
  try {
    families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch (error) {
    return `fc-list failed (${String(error)}): ${install}.`;
  }
  cjkFamilies = new Set(
    families
      .split('\n')
      .flatMap((line) => line.split(','))
      .map((f) => f.trim())
      .filter(Boolean),
  );
  if (cjkFamilies.size === 0) return `No installed font covers Chinese: ${install}.`;
  return undefined;
}

function needBrowser() {
  if (setupError) throw new Error(setupError);
}

beforeAll(async () => {
  setupError = checkSetup();
  if (setupError) return;
  mkdirSync(artifacts, { recursive: true });
  server = await serveDocs(dist);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Records every request, page error and console error of a browser context. */
function watch(context: BrowserContext) {
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const onPage = (page: Page) => {
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
  };
  context.pages().forEach(onPage);
  context.on('page', onPage);
  return {
    requests,
    /** What went wrong in the browser, to add to a failure that happened first. */
    report() {
      const foreign = requests.filter((url) => !isLocal(url));
      return [...foreign.map((u) => `request left the machine: ${u}`), ...problems].join('\n');
    },
    assertClean() {
      const foreign = requests.filter((url) => !isLocal(url));
      expect(foreign, 'requests that left the machine').toEqual([]);
      expect(problems, 'page and console errors').toEqual([]);
      expect(requests.length).toBeGreaterThan(0);
    },
  };
}

function withBrowserLog(error: unknown, log: string): unknown {
  if (log && error instanceof Error) error.message += `\n--- in the browser meanwhile:\n${log}`;
  return error;
}

function isLocal(url: string): boolean {
  const u = new URL(url);
  if (['file:', 'data:', 'blob:', 'about:'].includes(u.protocol)) return true;
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname === '127.0.0.1';
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Checks, through the DevTools protocol, which installed fonts Chromium actually used to draw the
 * text of an element: its Chinese characters must all be drawn by a font that covers Chinese.
 * Without one, Chromium draws them with a fallback that has no such glyphs (boxes).
 */
async function cjkRendering(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector });
    if (!nodeId) throw new Error(`no element matches ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    // The fonts reported are those of the element's own text nodes: count Chinese there.
    const textContent = await page
      .locator(selector)
      .first()
      .evaluate((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''));
    const chinese = textContent.match(CJK)?.length ?? 0;
    const byCjkFont = fonts.filter((f) => cjkFamilies.has(f.familyName)).reduce((n, f) => n + f.glyphCount, 0);
    return { text: textContent, chinese, byCjkFont, fonts: fonts.map((f) => `${f.familyName}×${f.glyphCount}`) };
  } finally {
    await cdp.detach();
  }
}

/** Marks the first `count` elements whose own text holds Chinese; returns selectors for them. */
async function markChineseElements(page: Page, count: number): Promise<string[]> {
  const marked = await page.evaluate((count) => {
    const cjk = /[\u3400-\u9fff]/;
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      if (out.length >= count) break;
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('');
      const box = el.getBoundingClientRect();
      if (!cjk.test(own) || box.width === 0 || box.height === 0) continue;
      el.setAttribute('data-cjk-probe', String(out.length));
      out.push(`[data-cjk-probe="${out.length}"]`);
    }
    return out;
  }, count);
  return marked;
}

async function openPage(context: BrowserContext, url: string) {
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('[data-component-name="Menu/Menu"]').first().waitFor();
  return page;
}

/** Clicks until `done` holds: the first click may land before React has hydrated the page. */
async function clickUntil(page: Page, click: () => Promise<void>, done: () => Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await click();
    for (let i = 0; i < 10; i++) {
      if (await done()) return;
      await page.waitForTimeout(50);
    }
  }
  throw new Error(`gave up: ${what}`);
}

/** Opens every operation through the sidebar, as a reader would, and checks what it shows. */
async function checkOperations(page: Page, lang: Lang, screenshot?: string): Promise<number> {
  const sidebar = page.locator('[data-component-name="Menu/Menu"]').first();
  let first = true;
  let opened = 0;
  for (const tag of bundle.tags) {
    const tagLink = sidebar.getByRole('link', { name: tag.displayName[lang], exact: true }).first();
    await expect(tagLink.count(), `sidebar entry of tag ${tag.name} (${tag.displayName[lang]})`).resolves.toBe(1);
    for (const op of tag.operations) {
      const summary = op.summary[lang];
      const opLink = sidebar
        .getByRole('link', { name: new RegExp(`^\\s*${escapeRe(summary)}\\s*(${op.method})?\\s*$`, 'i') })
        .first();
      if (!(await opLink.isVisible())) {
        await clickUntil(page, () => tagLink.click(), () => opLink.isVisible(), `expand ${tag.displayName[lang]}`);
      }
      const heading = page.locator('h2').filter({ hasText: new RegExp(`^\\s*${escapeRe(summary)}\\s*$`) });
      await clickUntil(page, () => opLink.click(), () => heading.isVisible(), `open ${op.operationId} (${summary})`);
      const section = page.locator('[data-item-kind="httpItem"]').filter({ has: heading }).first();
      // Redoc may re-render the section right after the click: read it once it shows its heading.
      let shown = '';
      for (let i = 0; i < 40 && !shown.includes(squash(summary)); i++) {
        if (i > 0) await page.waitForTimeout(50);
        shown = squash(await section.innerText());
      }
      // Preconditions and limits are stated in the description; all of it must be on the page.
      for (const state of op.states) expect(shown, `${op.operationId}: required state ${state}`).toContain(state);
      for (const span of codeSpans(op.description[lang])) {
        expect(shown, `${op.operationId} (${lang}): \`${span}\` of its description`).toContain(span);
      }
      const missingNumbers = numbers(op.description[lang]).filter((n) => !shown.includes(n));
      expect(missingNumbers, `${op.operationId} (${lang}): limits of its description not on the page`).toEqual([]);
      if (lang === 'zh-CN' && op.summary.en !== summary) {
        expect(shown, `${op.operationId}: English summary on the Chinese page`).not.toContain(op.summary.en);
      }
      if (first && screenshot) await page.screenshot({ path: screenshot });
      first = false;
      opened += 1;
    }
  }
  return opened;
}

async function checkDownloads(page: Page, where: Where) {
  const links = await page.$$eval('a[href$="openapi.json"], a[href$="openapi.yaml"]', (as) =>
    as.map((a) => (a as HTMLAnchorElement).href),
  );
  expect(links.length).toBeGreaterThanOrEqual(2);
  for (const href of new Set(links)) {
    const body =
      where === 'http' ? await (await fetch(href)).text() : readFileSync(fileURLToPath(href), 'utf8');
    if (href.endsWith('.json')) expect(JSON.parse(body), href).toEqual(JSON.parse(readFileSync(specJsonPath, 'utf8')));
    else expect(body, href).toBe(readFileSync(specYamlPath, 'utf8'));
  }
}

describe('the browser test set-up', () => {
  it("has Debian's chromium, a CJK font and the built site", () => {
    expect(setupError, setupError).toBeUndefined();
  });
});

describe('the built site', () => {
  it('is built from the current bundle of @jdcloud-vm/spec', () => {
    expect(readFileSync(join(dist, 'openapi.json'), 'utf8')).toBe(readFileSync(specJsonPath, 'utf8'));
    expect(readFileSync(join(dist, 'openapi.yaml'), 'utf8')).toBe(readFileSync(specYamlPath, 'utf8'));
    expect(bundle.operations.length).toBeGreaterThan(0);
    for (const lang of LANGS) {
      const html = readFileSync(join(dist, lang, 'index.html'), 'utf8');
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
      expect(html).not.toMatch(/<script[^>]+src=/);
    }
  });
});

for (const where of ['http', 'file'] as const) {
  describe(`pages over ${where === 'http' ? 'HTTP (127.0.0.1)' : 'file://'}`, () => {
    for (const lang of LANGS) {
      it(`${lang}: shows every operation in its language, offline, and links to ${OTHER[lang]}`, async () => {
        needBrowser();
        const context = await browser.newContext({
          viewport: { width: 1400, height: 900 },
          locale: lang === 'zh-CN' ? 'zh-CN' : 'en-US',
        });
        const log = watch(context);
        try {
          const page = await openPage(context, `${base(where)}${lang}/index.html`);
          const shot = (name: string) => (where === 'http' ? join(artifacts, name) : undefined);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          await expect(page.locator('h1').first().innerText()).resolves.toContain(bundle.title[lang]);
          const top = shot(`${lang}.png`);
          if (top) await page.screenshot({ path: top });

          // Chinese text is drawn with a CJK font: on the Chinese page the first elements holding
          // Chinese (title, menu, prose), on the English page the link to the Chinese one.
          const targets = lang === 'zh-CN' ? await markChineseElements(page, 6) : ['#jdvm-other-lang'];
          expect(targets.length).toBeGreaterThan(0);
          for (const selector of targets) {
            const r = await cjkRendering(page, selector);
            expect(r.chinese, `Chinese characters in ${selector}`).toBeGreaterThan(0);
            expect(r.byCjkFont, `glyphs of ${JSON.stringify(r.text.slice(0, 40))} drawn by a CJK font (${r.fonts.join(', ')})`).toBeGreaterThanOrEqual(
              r.chinese,
            );
          }

          const opened = await checkOperations(page, lang, shot(`${lang}-operation.png`));
          expect(opened).toBe(bundle.operations.length);
          await checkDownloads(page, where);

          // The language link opens the other page.
          const other = OTHER[lang];
          await page.locator('#jdvm-other-lang').click();
          await page.waitForURL((url) => url.pathname.endsWith(`/${other}/index.html`));
          await page.locator('[data-component-name="Menu/Menu"]').first().waitFor();
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(other);
          await expect(page.locator('h1').first().innerText()).resolves.toContain(bundle.title[other]);
          await page.locator('#jdvm-other-lang').click();
          await page.waitForURL((url) => url.pathname.endsWith(`/${lang}/index.html`));
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          log.assertClean();
        } catch (error) {
          throw withBrowserLog(error, log.report());
        } finally {
          await context.close();
        }
      });
    }

    for (const [locale, expected] of [
      ['zh-CN', 'zh-CN'],
      ['zh-TW', 'zh-CN'],
      ['en-US', 'en'],
      ['fr-FR', 'en'],
    ] as const) {
      it(`landing page sends a ${locale} browser to ${expected}`, async () => {
        needBrowser();
        const context = await browser.newContext({ locale });
        const log = watch(context);
        try {
          const page = await context.newPage();
          await page.goto(where === 'http' ? base(where) : `${base(where)}index.html`);
          await page.waitForURL((url) => url.pathname.endsWith(`/${expected}/index.html`));
          await page.locator('[data-component-name="Menu/Menu"]').first().waitFor();
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(expected);
          log.assertClean();
        } catch (error) {
          throw withBrowserLog(error, log.report());
        } finally {
          await context.close();
        }
      });
    }

    it('landing page with #choose stays and links both pages', async () => {
      needBrowser();
      const context = await browser.newContext({ locale: 'zh-CN' });
      const log = watch(context);
      try {
        const page = await context.newPage();
        await page.goto(`${base(where)}index.html#choose`);
        const links = await page.$$eval('main a[hreflang]', (as) => as.map((a) => a.getAttribute('href')));
        expect(links).toEqual(['en/index.html', 'zh-CN/index.html']);
        await expect(page.locator('#lang-zh-CN').getAttribute('class')).resolves.toBe('preferred');
        if (where === 'http') await page.screenshot({ path: join(artifacts, 'index.png') });
        await page.getByRole('link', { name: 'English reference' }).click();
        await page.waitForURL((url) => url.pathname.endsWith('/en/index.html'));
        await checkDownloads(page, where);
        log.assertClean();
      } catch (error) {
        throw withBrowserLog(error, log.report());
      } finally {
        await context.close();
      }
    });
  });
}

describe('the code samples in the browser', () => {
  // The first operation of the sidebar, opened as a reader would; every language of its samples
  // picked in the panel's language menu must show that sample, comments in the page's language.
  const op = bundle.tags[0]?.operations[0];
  for (const lang of LANGS) {
    it(`${lang}: the request samples panel shows each language's sample of ${op?.operationId}`, async () => {
      needBrowser();
      if (!op) throw new Error('the bundle has no operation');
      const list = samples[lang === 'zh-CN' ? 'zh' : 'en'].get(op.operationId) ?? [];
      expect(list.length, `${op.operationId} has code samples`).toBeGreaterThan(1);
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const log = watch(context);
      try {
        const page = await openPage(context, `${base('http')}${lang}/index.html`);
        const sidebar = page.locator('[data-component-name="Menu/Menu"]').first();
        const tagLink = sidebar.getByRole('link', { name: bundle.tags[0]?.displayName[lang], exact: true }).first();
        const opLink = sidebar.getByRole('link', { name: new RegExp(`^\\s*${escapeRe(op.summary[lang])}\\s*(${op.method})?\\s*$`, 'i') }).first();
        await clickUntil(page, () => tagLink.click(), () => opLink.isVisible(), `expand ${bundle.tags[0]?.displayName[lang]}`);
        const heading = page.locator('h2').filter({ hasText: new RegExp(`^\\s*${escapeRe(op.summary[lang])}\\s*$`) });
        await clickUntil(page, () => opLink.click(), () => heading.isVisible(), `open ${op.operationId}`);
        const section = page.locator('[data-item-kind="httpItem"]').filter({ has: heading }).first();
        const code = section.locator('[data-component-name="CodeBlock/CodeBlock"]').first();
        let current = list[0]?.label ?? '';
        for (const sample of [...list.slice(1), list[0]]) {
          if (!sample) continue;
          const firstLine = sample.source.split('\n')[0] ?? '';
          const menu = section.getByRole('button', { name: current, exact: true });
          const item = page
            .locator('[data-component-name="Dropdown/DropdownMenuItem"]')
            .filter({ hasText: new RegExp(`^${escapeRe(sample.label)}$`) })
            .first();
          await clickUntil(page, () => menu.click(), () => item.isVisible(), `open the language menu (${current})`);
          await clickUntil(page, () => item.click(), async () => (await code.innerText()).startsWith(firstLine), `pick ${sample.label}`);
          current = sample.label;
          const shown = await code.innerText();
          expect(squash(shown), `${op.operationId} ${sample.label} (${lang})`).toBe(squash(sample.source));
          const commentLines = comments(shown);
          expect(commentLines.length, `${sample.label}: comments`).toBeGreaterThan(1);
          for (const line of commentLines) {
            if (lang === 'zh-CN') expect(line, `${sample.label}: a comment of the Chinese page`).toMatch(CJK);
            else expect(line, `${sample.label}: a comment of the English page`).not.toMatch(CJK);
          }
        }
        await page.screenshot({ path: join(artifacts, `${lang}-samples.png`) });
        log.assertClean();
      } catch (error) {
        throw withBrowserLog(error, log.report());
      } finally {
        await context.close();
      }
    });
  }
});

describe('the CJK font check', () => {
  it('fails when Chromium has no font that covers Chinese', async () => {
    // Same page, but fontconfig sees an empty font directory: the check must notice the boxes.
    needBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'docs-nofont-'));
    mkdirSync(join(dir, 'fonts'));
    writeFileSync(
      join(dir, 'fonts.conf'),
      `<?xml version="1.0"?>\n<fontconfig><dir>${join(dir, 'fonts')}</dir><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`,
    );
    const bare = await chromium.launch({
      executablePath: CHROMIUM,
      args: LAUNCH_ARGS,
      env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') },
    });
    try {
      const page = await openPage(await bare.newContext(), `${base('file')}zh-CN/index.html`);
      const r = await cjkRendering(page, 'h1');
      expect(r.chinese).toBeGreaterThan(0);
      expect(r.byCjkFont).toBeLessThan(r.chinese);
    } finally {
      await bare.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
