// The identify step alone, in a tiny app: the request id, the raw URL kept, the URL routing sees,
// the log line (src/pipeline/identify.ts).
import type { Request, Response } from 'express';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifyRequests, originForm } from '../../src/pipeline/identify.js';
import { seedIds } from '../../src/state/ids.js';
import { type Served, appWithState, recordingLogger, serve, until } from './fixtures.js';

let served: Served;
const { logger, lines } = recordingLogger();

beforeAll(async () => {
  const app = appWithState(logger);
  app.use((req: Request, res: Response) => {
    req.stub.account = 'jd_alice';
    res.json({ requestId: req.stub.requestId, rawUrl: req.stub.rawUrl, url: req.url, originalUrl: req.originalUrl, rawBody: req.stub.rawBody.length });
  });
  served = await serve(app);
});

afterAll(() => served.close());

/** Sends a request target as written (fetch would normalise it). */
function get(target: string): Promise<{ header: string | undefined; json: Record<string, unknown> }> {
  const { port } = new URL(served.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: target, method: 'GET' }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ header: res.headers['x-jdcloud-request-id'] as string | undefined, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('identify', () => {
  it('a 32-character request id, in the header and on req.stub; a new one each request', async () => {
    const a = await get('/v1/x');
    const b = await get('/v1/x');
    expect(a.header).toMatch(/^[0-9a-z]{32}$/);
    expect(a.json.requestId).toBe(a.header);
    expect(b.header).not.toBe(a.header);
    expect(a.json.rawBody).toBe(0);
  });

  it('the raw URL as received; routing sees %3A decoded in the path and a strict query', async () => {
    const { json } = await get('/v1/regions/r1/instances/i-1%3astopInstance?name=a*b&x=%3a');
    expect(json.rawUrl).toBe('/v1/regions/r1/instances/i-1%3astopInstance?name=a*b&x=%3a');
    expect(json.url).toBe('/v1/regions/r1/instances/i-1:stopInstance?name=a%2Ab&x=%3A');
    expect(json.originalUrl).toBe(json.url);
  });

  it('an absolute-form target is taken in origin form', async () => {
    expect((await get('http://example.test:9/v1/x?y=1')).json.rawUrl).toBe('/v1/x?y=1');
    expect(originForm('https://h')).toBe('/');
    expect(originForm('/already')).toBe('/already');
  });

  it('one log line per request, when it is answered, with what the later steps found', async () => {
    const { header } = await get('/v1/regions/r1/x%3Ay?z=1');
    await until(() => lines.some((l) => l.requestId === header));
    const line = lines.find((l) => l.requestId === header);
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/v1/regions/r1/x%3Ay', operationId: null, status: 200, account: 'jd_alice' });
    expect(typeof line?.ms).toBe('number');
  });

  it('control requests do not draw from the seeded sequence of request ids', async () => {
    try {
      seedIds(7);
      const first = (await get('/v1/x')).header;
      seedIds(7);
      await get('/_stub/health');
      expect((await get('/v1/x')).header).toBe(first);
    } finally {
      seedIds(undefined);
    }
  });

  it('is a plain middleware: it does not answer by itself', () => {
    expect(identifyRequests(logger).length).toBe(3);
  });
});
