// The faults step alone, with a fake control: which decisions answer, drop, wait or let the
// request go on (src/pipeline/faults.ts).
import { describe, expect, it } from 'vitest';
import type { StubControl } from '../../src/control/index.js';
import type { FaultDecision } from '../../src/control/faults.js';
import { faultInjector } from '../../src/pipeline/faults.js';
import type { Respond } from '../../src/pipeline/respond.js';
import { fakeRequest, fakeResponse, recordingLogger } from './fixtures.js';

function setUp(decision: Omit<FaultDecision, 'rule'> | undefined) {
  const asked: Array<[string, string]> = [];
  const control = {
    decideFault: (operationId: string, account: string) => {
      asked.push([operationId, account]);
      return decision && { ...decision, rule: { id: 'f-1' } };
    },
  } as unknown as StubControl;
  const answers: Array<[number, unknown]> = [];
  const respond: Respond = (_req, _res, status, body) => answers.push([status, body]);
  const { logger, lines } = recordingLogger();
  let destroyed = 0;
  const req = fakeRequest();
  Object.assign(req, { socket: { destroy: () => (destroyed += 1) } });
  return { inject: faultInjector(control, respond, logger), asked, answers, lines, req, res: fakeResponse(), destroyed: () => destroyed };
}

describe('faults', () => {
  it('no rule takes the request: a plain false (no promise to wait for), nothing is changed', () => {
    const t = setUp(undefined);
    expect(t.inject(t.req, t.res, 'describeThings', 'jd_alice')).toBe(false);
    expect(t.asked).toEqual([['describeThings', 'jd_alice']]);
    expect([t.answers, t.req.stub.faultId, t.lines]).toEqual([[], undefined, []]);
  });

  it('an error rule: answered with its status, envelope and headers; the rule kept for the journal and logged', async () => {
    const t = setUp({ delayMs: 0, effect: { kind: 'error', status: 429, errorStatus: 'QUOTA_EXCEEDED', message: 'slow down', headers: { 'Retry-After': '2' } } });
    await expect(t.inject(t.req, t.res, 'describeThings', 'jd_alice')).resolves.toBe(true);
    expect(t.answers).toEqual([[429, { requestId: 'req-1', error: { code: 429, status: 'QUOTA_EXCEEDED', message: 'slow down' } }]]);
    expect(t.res.headers).toEqual({ 'retry-after': '2' });
    expect(t.req.stub.faultId).toBe('f-1');
    expect(t.lines).toContainEqual(expect.objectContaining({ msg: 'fault injected', faultId: 'f-1', effect: 'error', operationId: 'describeThings' }));
  });

  it('a drop rule: the connection is destroyed, nothing answered', async () => {
    const t = setUp({ delayMs: 0, effect: { kind: 'drop' } });
    await expect(t.inject(t.req, t.res, 'describeThings', 'a')).resolves.toBe(true);
    expect([t.destroyed(), t.answers]).toEqual([1, []]);
  });

  it('a delay without an effect: the request goes on, late', async () => {
    const t = setUp({ delayMs: 60, effect: { kind: 'none' } });
    const started = Date.now();
    await expect(t.inject(t.req, t.res, 'describeThings', 'a')).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(t.req.stub.faultId).toBe('f-1');
  });

  it('the client went away during the delay: nothing more is done', async () => {
    const t = setUp({ delayMs: 20, effect: { kind: 'error', status: 503, errorStatus: 'INTERNAL', message: 'x', headers: {} } });
    t.res.destroyed = true;
    await expect(t.inject(t.req, t.res, 'describeThings', 'a')).resolves.toBe(true);
    expect(t.answers).toEqual([]);
  });
});
