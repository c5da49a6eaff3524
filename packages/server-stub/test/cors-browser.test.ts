// --cors in a real browser: a page served from another origin (another local port) loads the
// client's browser build (esbuild, platform browser, as packages/client's browser test builds it),
// creates an instance on the stub and reads it back, signed, through the client; the same page
// from an origin --cors does not name is blocked by the browser. Headless Chromium from Debian
// (`bash packages/docs/scripts/ensure-browser.sh`); skipped with a note where it is missing, except
// in CI.
import { existsSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundle } from '../../client/test/helpers/browser-bundle.mjs';
import { type TestStub, start } from './helpers.js';
import { plainSpec } from './instance-fixtures.js';

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);
const root = fileURLToPath(new URL('..', import.meta.url));
const KEYS = { accessKeyId: 'AK_BROWSER', secretAccessKey: 'browser-secret' };

// What the page runs: the published client (@jdcloud-vm/client's dist), as an application bundles it.
const app = `
import { createVmClient, JdCloudError } from '@jdcloud-vm/client';
window.run = async ({ endpoint, accessKeyId, secretAccessKey, instanceSpec }) => {
  const vm = createVmClient({ endpoint, accessKeyId, secretAccessKey, regionId: 'cn-north-1', retry: false });
  const out = {};
  try {
    const { instanceIds } = await vm.createInstances({ instanceSpec, maxCount: 1 });
    out.created = instanceIds;
    out.instance = (await vm.describeInstance({ instanceId: instanceIds[0] })).instance;
    try {
      await vm.describeInstance({ instanceId: 'i-nothere01' });
    } catch (error) {
      out.error = { isJdCloudError: error instanceof JdCloudError, status: error.status, httpStatus: error.httpStatus, requestId: error.requestId };
    }
    // A page reads the request id header only if the stub exposes it.
    const unsigned = await fetch(endpoint + '/v1/regions/cn-north-1/keypairs');
    out.unsigned = { status: unsigned.status, requestIdHeader: unsigned.headers.get('x-jdcloud-request-id'), body: await unsigned.json() };
  } catch (error) {
    out.failed = { name: error.name, message: String(error.message) };
  }
  return out;
};
`;

interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the page and its script from its own port: an origin other than the stub's. */
async function servePage(script: string): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/app.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface PageResult {
  created?: string[];
  instance?: { instanceId: string; instanceName?: string; status: string };
  error?: { isJdCloudError: boolean; status: string; httpStatus: number; requestId: string };
  unsigned?: { status: number; requestIdHeader: string | null; body: { requestId: string } };
  failed?: { name: string; message: string };
}

// In CI the set-up installs Chromium, so a missing browser there fails instead of skipping.
describe.skipIf(!executablePath && process.env.CI !== 'true')('--cors in a browser (headless Chromium)', () => {
  let browser: Browser;
  let stub: TestStub;
  let allowed: PageServer;
  let other: PageServer;

  beforeAll(async () => {
    const script = (await browserBundle({ contents: app, resolveDir: root, loader: 'js' })).code;
    allowed = await servePage(script);
    other = await servePage(script);
    stub = await start({ accessKeys: [`${KEYS.accessKeyId}:${KEYS.secretAccessKey}`], cors: [allowed.origin] });
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stub?.close();
    await allowed?.close();
    await other?.close();
  });

  async function runFrom(page: PageServer): Promise<{ out: PageResult; errors: string[] }> {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    try {
      await tab.goto(`${page.origin}/`);
      await tab.waitForFunction(() => typeof (window as unknown as { run?: unknown }).run === 'function');
      const out = await tab.evaluate(
        (args) => (window as unknown as { run: (a: unknown) => Promise<PageResult> }).run(args),
        { endpoint: stub.url, ...KEYS, instanceSpec: plainSpec({ name: 'from-a-browser' }) },
      );
      return { out, errors };
    } finally {
      await tab.close();
    }
  }

  it('a page from an allowed origin creates an instance and reads it through the client, signed', async () => {
    const { out, errors } = await runFrom(allowed);
    expect(errors).toEqual([]);
    expect(out.failed).toBeUndefined();
    expect(out.created).toHaveLength(1);
    expect(out.instance).toMatchObject({ instanceId: out.created?.[0], instanceName: 'from-a-browser' });
    expect(out.error).toMatchObject({ isJdCloudError: true, status: 'NOT_FOUND', httpStatus: 404 });
    expect(out.unsigned?.status).toBe(401);
    expect(out.unsigned?.requestIdHeader).toBe(out.unsigned?.body.requestId);
    // The stub saw signed calls from that origin, with their preflights.
    const fromPage = stub.logs.filter((l) => l.msg === 'request' && l.account === KEYS.accessKeyId);
    expect(fromPage.map((l) => l.operationId)).toEqual(expect.arrayContaining(['createInstances', 'describeInstance']));
    expect(stub.logs.some((l) => l.msg === 'request' && l.method === 'OPTIONS' && l.status === 204)).toBe(true);
    expect(stub.store.scope(KEYS.accessKeyId, 'cn-north-1').instances.get(out.created?.[0] as string)).toBeTruthy();
  });

  it('a page from an origin --cors does not name is blocked by the browser', async () => {
    const before = stub.logs.length;
    const { out, errors } = await runFrom(other);
    expect(errors).toEqual([]);
    expect(out.created).toBeUndefined();
    expect(out.failed?.message).toMatch(/fetch/i);
    // The browser asked, the stub refused the preflight, and no API call went through.
    const after = stub.logs.slice(before);
    expect(after.some((l) => l.msg === 'CORS preflight from an origin not allowed' && l.origin === other.origin)).toBe(true);
    expect(after.filter((l) => l.msg === 'request' && l.method !== 'OPTIONS')).toEqual([]);
  });
});
