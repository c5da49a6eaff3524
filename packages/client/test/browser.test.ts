// The same client in a real browser: the createVmClient bundle (esbuild, platform browser) runs in
// headless Chromium against the local test server, which verifies every signature. Skipped, with
// a note, on a machine without Chromium (`apt-get install -y chromium`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundle } from './helpers/browser-bundle.mjs';
import { credentials, startServer, type TestServer } from './helpers/server.js';

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);
const root = fileURLToPath(new URL('..', import.meta.url));

const app = `
import { createVmClient, JdCloudError } from './src/index.ts';
window.run = async (endpoint, accessKeyId, secretAccessKey) => {
  const vm = createVmClient({ endpoint, accessKeyId, secretAccessKey, regionId: 'cn-north-1', retry: false });
  const out = {};
  out.keypairs = await vm.describeKeypairs({ filters: [{ name: 'keyNames', values: ['dev key', '中文'] }] });
  out.stop = await vm.stopInstance({ instanceId: 'i-abc', chargeOnStopped: 'stopCharging' });
  out.all = [];
  for await (const kp of vm.paginate('describeKeypairs', { pageSize: 10 })) out.all.push(kp.keyName);
  try {
    await vm.describeInstance({ instanceId: 'i-missing' });
  } catch (error) {
    out.error = { isJdCloudError: error instanceof JdCloudError, status: error.status, httpStatus: error.httpStatus, requestId: error.requestId };
  }
  return out;
};
`;

// In CI the set-up installs Chromium, so a missing browser there fails instead of skipping.
describe.skipIf(!executablePath && process.env.CI !== 'true')('in a browser (headless Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    script = (await browserBundle({ contents: app, resolveDir: root })).code;
    server = await startServer();
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs, encodes and parses exactly as in Node', async () => {
    server.handle((request) => {
      if (request.path === '/') return { body: '<!doctype html><script type="module" src="/app.js"></script>', headers: { 'content-type': 'text/html' } };
      if (request.path === '/app.js') return { body: script, headers: { 'content-type': 'text/javascript' } };
      if (!request.verified.ok) return { status: 401, body: { requestId: 'bad', error: { code: 401, status: 'UNAUTHENTICATED', message: request.verified.reason } } };
      if (request.path.endsWith('%3AstopInstance')) return { body: { requestId: 'stop' } };
      if (request.path.endsWith('/instances/i-missing')) {
        return { status: 404, body: { requestId: 'req-404', error: { code: 404, status: 'NOT_FOUND', message: 'no' } } };
      }
      const page = Number(new URLSearchParams(request.query).get('pageNumber') ?? 1);
      const keypairs = Array.from({ length: 25 }, (_, i) => ({ keyName: `kp-${i + 1}` })).slice((page - 1) * 10, page * 10);
      return { body: { requestId: 'kp', result: { keypairs, totalCount: 25 } } };
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.endpoint}/`);
    await page.waitForFunction(() => typeof (window as unknown as { run?: unknown }).run === 'function');
    const out = await page.evaluate(
      ([endpoint, id, secret]) => (window as unknown as { run: (...a: string[]) => Promise<unknown> }).run(endpoint!, id!, secret!),
      [server.endpoint, credentials.accessKeyId, credentials.secretAccessKey],
    );
    expect(errors).toEqual([]);
    expect(out).toEqual({
      keypairs: { keypairs: Array.from({ length: 10 }, (_, i) => ({ keyName: `kp-${i + 1}` })), totalCount: 25 },
      all: Array.from({ length: 25 }, (_, i) => `kp-${i + 1}`),
      error: { isJdCloudError: true, status: 'NOT_FOUND', httpStatus: 404, requestId: 'req-404' },
    });
    const api = server.requests.filter((r) => r.path.startsWith('/v1/'));
    expect(api.map((r) => r.verified.ok)).toEqual(Array(api.length).fill(true));
    expect(api[0]!.query).toBe('filters.1.name=keyNames&filters.1.values.1=dev%20key&filters.1.values.2=%E4%B8%AD%E6%96%87');
    expect(api[1]).toMatchObject({
      method: 'POST',
      url: '/v1/regions/cn-north-1/instances/i-abc%3AstopInstance',
      body: '{"chargeOnStopped":"stopCharging"}',
    });
    expect(api).toHaveLength(1 + 1 + 3 + 1);
    await page.close();
  });
});
