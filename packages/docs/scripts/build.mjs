// Builds the API reference into dist/:
//   dist/en/index.html      English page   (Redocly build-docs, apis.en of redocly.yaml)
//   dist/zh-CN/index.html   Chinese page   (apis.zh-CN: the i18n decorator swaps in every -zh twin)
//   dist/index.html         landing page that links both and picks one by navigator.language
//   dist/openapi.{json,yaml} copies of the bundled spec, offered for download by the pages
// Each page is self-contained (--inlineBundle) and carries a Content-Security-Policy that blocks
// every request the page could make to anywhere but itself.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { pythonSdk, SAMPLE_LANGUAGES } from '../src/samples/index.js';
import { walkTexts } from '../src/twins.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const started = performance.now();

// The bundle of @jdcloud-vm/spec, through the workspace dependency (never the spec's sources).
const specYaml = fileURLToPath(import.meta.resolve('@jdcloud-vm/spec/openapi.yaml'));
const specJson = fileURLToPath(import.meta.resolve('@jdcloud-vm/spec/openapi.json'));
for (const file of [specYaml, specJson]) {
  if (!existsSync(file)) {
    console.error(`docs: ${file} is missing; it is committed in spec/dist (pnpm --filter @jdcloud-vm/spec bundle rewrites it).`);
    process.exit(1);
  }
}
const doc = parse(readFileSync(specYaml, 'utf8'));
const operations = Object.values(doc.paths ?? {}).flatMap((item) =>
  Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(k)),
).length;

/** The two pages; `alias` is the `apis` entry of redocly.yaml. */
const PAGES = [
  {
    alias: 'en',
    lang: 'en',
    otherLang: 'zh-CN',
    otherName: '简体中文',
    downloadLabel: 'Download the OpenAPI document:',
    navLabel: 'Language and downloads',
  },
  {
    alias: 'zh-CN',
    lang: 'zh-CN',
    otherLang: 'en',
    otherName: 'English',
    downloadLabel: '下载 OpenAPI 描述文件：',
    navLabel: '语言与下载',
  },
];

const CSP_PLACEHOLDER = '__CSP__';

// Redoc's sidebar attribution loads its logo from a CDN once mounted, whatever the options say.
// The page shows a local stand-in instead (the CSP would block the CDN, but the browser would
// still try, and log an error).
const ATTRIBUTION_LOGO =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='64' height='18'%3E%3Ctext x='0' y='14' " +
  "font-family='sans-serif' font-size='14' font-weight='bold' fill='%23d3312b'%3ERedoc%3C/text%3E%3C/svg%3E";
/** @type {[string, string][]} */
const LOCAL_ASSETS = [
  ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', ATTRIBUTION_LOGO],
  ['https://cdn.redoc.ly/redoc/logo-mini.svg', ATTRIBUTION_LOGO],
];

/**
 * The policy of a page: nothing but the page's own inline scripts (by hash) and styles, and
 * data:/blob: images and fonts. No host, not even the page's own origin, is allowed.
 * @param {string} html
 */
function csp(html) {
  const hashes = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ') || "'none'"}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    "connect-src 'none'",
    'worker-src blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** @param {string} html @param {string} file */
function finish(html, file) {
  if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`${file}: the template's CSP placeholder is missing`);
  for (const [url, local] of LOCAL_ASSETS) html = html.split(url).join(local);
  if (html.includes('cdn.redoc.ly/')) throw new Error(`${file}: Redoc asks for another CDN asset; add it to LOCAL_ASSETS`);
  // Anything that would load from elsewhere before the policy applies is a build error.
  const external = html.match(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?\/\/[^>]*>/i);
  if (external && !/rel=["']?alternate/i.test(external[0])) throw new Error(`${file}: external resource ${external[0]}`);
  const withCsp = html.replace(CSP_PLACEHOLDER, csp(html.replace(CSP_PLACEHOLDER, '')));
  writeFileSync(file, withCsp);
  return withCsp;
}

async function buildPage(/** @type {(typeof PAGES)[number]} */ page) {
  const out = join(dist, page.lang, 'index.html');
  const args = [
    'build-docs',
    page.alias,
    '--config',
    join(root, 'redocly.yaml'),
    '--inlineBundle',
    '--template',
    join(root, 'template.hbs'),
    '--output',
    out,
    `--templateOptions.lang=${page.lang}`,
    `--templateOptions.otherLang=${page.otherLang}`,
    `--templateOptions.otherHref=../${page.otherLang}/index.html`,
    `--templateOptions.otherName=${page.otherName}`,
    `--templateOptions.downloadLabel=${page.downloadLabel}`,
    `--templateOptions.navLabel=${page.navLabel}`,
  ];
  try {
    const { stdout, stderr } = await run(join(root, 'node_modules', '.bin', 'redocly'), args, {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    // Pass on what Redocly says beyond its banners and progress lines (config warnings, say).
    const routine = /^\s*$|[║╔╚]|^Found .*redocly\.yaml|^Prerendering docs|bundled successfully/;
    for (const line of `${stdout}\n${stderr}`.split('\n')) {
      if (!routine.test(line)) console.log(`  [redocly ${page.alias}] ${line}`);
    }
  } catch (error) {
    const e = /** @type {{stdout?: string, stderr?: string}} */ (error);
    console.error(e.stdout ?? '', e.stderr ?? '');
    throw new Error(`redocly build-docs ${page.alias} failed`);
  }
  finish(readFileSync(out, 'utf8'), out);
  return out;
}

const LANDING = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="Content-Security-Policy" content="${CSP_PLACEHOLDER}" />
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>JD Cloud VM API reference · 京东云云主机 API 参考</title>
  <style>
    body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f6f8;
      font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "WenQuanYi Micro Hei", "Noto Sans CJK SC",
      "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; }
    main { background: #fff; border: 1px solid #dde2e7; border-radius: 8px; padding: 2rem 2.5rem; max-width: 32rem; }
    h1 { font-size: 1.3rem; margin: 0 0 1rem; }
    ul { list-style: none; padding: 0; margin: 0 0 1rem; }
    li { margin: 0.5rem 0; }
    a { color: #1a5fb4; }
    .preferred a { font-weight: 600; }
    .preferred::after { content: " ←"; color: #888; }
    small { color: #666; }
  </style>
</head>
<body>
  <main>
    <h1>JD Cloud VM API v1 · <span lang="zh-CN">京东云云主机 API v1</span></h1>
    <ul>
      <li id="lang-en"><a href="en/index.html" hreflang="en">English reference</a></li>
      <li id="lang-zh-CN" lang="zh-CN"><a href="zh-CN/index.html" hreflang="zh-CN">简体中文参考文档</a></li>
    </ul>
    <small>OpenAPI: <a href="openapi.json" download>openapi.json</a> · <a href="openapi.yaml" download>openapi.yaml</a></small><br>
    <small>The stub's control API (reset, faults, journal, clock), when the stub serves these pages · <span lang="zh-CN">模拟服务控制接口</span>: <a href="../_stub/openapi.json">/_stub/openapi.json</a></small>
  </main>
  <script>
    // Pick the page by the browser's language (zh → 简体中文), unless the URL ends in #choose.
    (function () {
      var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
      var zh = /^zh\\b/i.test(String(langs[0] || ''));
      var pick = zh ? 'zh-CN' : 'en';
      var item = document.getElementById('lang-' + pick);
      if (item) item.className = 'preferred';
      if (location.hash !== '#choose') location.replace(pick + '/index.html');
    })();
  </script>
</body>
</html>
`;

rmSync(dist, { recursive: true, force: true });
for (const page of PAGES) mkdirSync(join(dist, page.lang), { recursive: true });
const built = await Promise.all(PAGES.map(buildPage));
copyFileSync(specYaml, join(dist, 'openapi.yaml'));
copyFileSync(specJson, join(dist, 'openapi.json'));
const landing = join(dist, 'index.html');
finish(LANDING, landing);

let texts = 0;
let missing = 0;
walkTexts(doc, ({ node, en, zh }) => {
  if (typeof node[en] !== 'string') return;
  texts += 1;
  if (typeof node[zh] !== 'string' || node[zh].trim() === '') missing += 1;
});

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`docs: ${operations} operations from ${relative(root, specYaml)}`);
for (const file of [...built, landing]) console.log(`  ${relative(root, file).padEnd(22)} ${statSync(file).size} bytes`);
console.log(`  translation: ${texts - missing}/${texts} texts have a Chinese twin${missing ? ` (${missing} missing: pnpm docs:i18n)` : ''}`);
// The decorator of plugins/code-samples.js reads the same table inside Redocly; this says which.
const samplesFrom = relative(root, pythonSdk().source);
console.log(`  code samples: ${SAMPLE_LANGUAGES.map((l) => l.label).join(', ')}; Python classes read from ${samplesFrom}`);
console.log(`docs: built in ${seconds} s`);
