// The suite's own judgements, on made-up answers: a check that cannot fail proves nothing.
import { describe, expect, it } from 'vitest';
import type { RecordingProxy } from '../src/recording-proxy.js';
import { type Driver, fill, runScenarios } from '../src/runner.js';
import type { Scenario } from '../src/scenarios.js';
import { refusal } from '../src/send-example.js';

const envelope = (code: number, status: string, message: string) => ({
  status: code,
  body: JSON.stringify({ requestId: 'r', error: { code, status, message } }),
  error: { code, status, message },
});

describe('a request example', () => {
  it('is accepted with a 2xx or a domain answer', () => {
    expect(refusal({ status: 200, body: '{}' }, [])).toBeUndefined();
    expect(refusal(envelope(404, 'NOT_FOUND', "Instance 'i-eumm****d6' not found."), [])).toBeUndefined();
    expect(refusal(envelope(400, 'FAILED_PRECONDITION', 'Malformed PublicKey.'), [])).toBeUndefined();
  });

  it('is refused when called malformed, unless its page documents that very refusal', () => {
    expect(refusal(envelope(400, 'INVALID_ARGUMENT', "Unknown query parameter 'TaskAction'."), [])).toMatch(/malformed/);
    expect(refusal(envelope(400, 'INVALID_ARGUMENT', "Invalid parameter 'password': must NOT have fewer than 8 characters."), ['Invalid password'])).toBeUndefined();
    expect(refusal(envelope(400, 'INVALID_ARGUMENT', "Invalid parameter 'instanceSpec': is required."), ['Parameter InstanceSpec.ImageId missing'])).toMatch(/malformed/);
    expect(refusal(envelope(401, 'UNAUTHENTICATED', 'Signature verification failed'), [])).toMatch(/401/);
    expect(refusal({ status: 500, body: 'oops' }, [])).toMatch(/without JD Cloud's error envelope/);
  });
});

describe('the runner', () => {
  const proxy: RecordingProxy = { host: 'unused', exchanges: [], close: async () => {} };
  const scenario = (expect: Scenario['expect']): Scenario => ({
    operationId: 'describeInstance',
    title: 't',
    source: 's',
    params: { instanceId: '{{instanceId}}' },
    expect,
  });
  const answering = (answer: Awaited<ReturnType<Driver['call']>>): Driver => ({ name: 'fake', call: async () => answer });

  it('fails a call that errs where the real service answers 2xx, and one that succeeds where it errs', async () => {
    const environment = { partnerPin: 'p', instanceId: 'i-abc' };
    const [erred] = await runScenarios({ driver: answering({ error: { code: 400, status: 'INVALID_ARGUMENT', message: 'm' } }), proxy, scenarios: [scenario({ http: 200 })], environment });
    expect(erred).toMatchObject({ passed: false, reason: 'expected 2xx, got 400 INVALID_ARGUMENT: m' });
    const [succeeded] = await runScenarios({ driver: answering({ result: {} }), proxy, scenarios: [scenario({ http: 404, status: 'NOT_FOUND' })], environment });
    expect(succeeded?.passed).toBe(false);
    const [thrown] = await runScenarios({ driver: answering({ exception: 'Traceback\nTypeError: boom\n' }), proxy, scenarios: [scenario({ http: 200 })], environment });
    expect(thrown?.reason).toBe('the SDK threw: TypeError: boom');
  });

  it('does not run a call whose ids no earlier call provided', async () => {
    const [outcome] = await runScenarios({ driver: answering({ result: {} }), proxy, scenarios: [scenario({ http: 200 })], environment: { partnerPin: 'p' } });
    expect(outcome).toMatchObject({ passed: false, reason: 'not run: {{instanceId}} was not provided by an earlier call' });
  });

  it('fills in captured values whole or inside a string', () => {
    expect(fill({ ids: ['{{a}}'], name: 'x-{{a}}', n: '{{n}}' }, { a: 'i-1', n: 3 })).toEqual({ ids: ['i-1'], name: 'x-i-1', n: 3 });
  });
});
