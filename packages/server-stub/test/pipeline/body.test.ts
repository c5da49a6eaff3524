// The body step alone, in a tiny app: API bodies read as bytes, exactly, up to the limit; others
// left alone (src/pipeline/body.ts).
import type { Request, Response } from 'express';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawBodies, takeRawBody } from '../../src/pipeline/body.js';
import { apiRequestTest } from '../../src/pipeline/request-state.js';
import { type Served, appWithState, errorEcho, serve } from './fixtures.js';

let served: Served;

beforeAll(async () => {
  const app = appWithState();
  app.use(readRawBodies(apiRequestTest('/v1'), 16));
  app.use((req: Request, res: Response) => {
    const before = Buffer.isBuffer(req.body);
    const bytes = takeRawBody(req);
    res.json({ before, hex: bytes.toString('hex'), kept: req.stub.rawBody === bytes, body: req.body ?? null });
  });
  app.use(errorEcho);
  served = await serve(app);
});

afterAll(() => served.close());

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${served.url}${path}`, { method: 'POST', body, headers }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

describe('body', () => {
  it('an API body: its bytes as sent (any content type, invalid UTF-8 included) on req.stub.rawBody; req.body cleared', async () => {
    const out = await post('/v1/x', new Uint8Array([0x7b, 0xe9, 0x00, 0xff]), { 'content-type': 'text/plain' });
    expect(out.json).toEqual({ before: true, hex: '7be900ff', kept: true, body: null });
  });

  it('no body: the empty buffer', async () => {
    const out = await fetch(`${served.url}/v1/x`).then((r) => r.json());
    expect(out).toMatchObject({ hex: '', body: null });
  });

  it('outside the API: not read', async () => {
    const out = await post('/_stub/x', 'hello');
    expect(out.json).toEqual({ before: false, hex: '', kept: true, body: null });
  });

  it("over the limit: body-parser's entity.too.large with the limit (the errors step makes it a 413)", async () => {
    const out = await post('/v1/x', 'x'.repeat(17));
    expect(out.status).toBe(599);
    expect(out.json).toMatchObject({ type: 'entity.too.large', limit: 16 });
  });

  it('compressed: encoding.unsupported, never inflated', async () => {
    const out = await post('/v1/x', gzipSync('{}'), { 'content-encoding': 'gzip' });
    expect(out.json).toMatchObject({ type: 'encoding.unsupported' });
  });
});
