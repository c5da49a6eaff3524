// The control API's flags and document: --seed-file (a fixture: loaded at start and by reset,
// never written), --id-seed (reproducible ids), --admin-token / --journal-size on the command
// line, the state file following PUT /_stub/state, and control-api.yaml itself (a valid OpenAPI
// 3 document, every operation answered, served at /_stub/openapi.json).
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, optionsFromCli } from '../src/cli-options.js';
import { CONTROL_DOCUMENT_URL, ManualClock, STATE_FORMAT } from '../src/index.js';
import { plainSpec } from './instance-fixtures.js';
import { type TestStub, call, start } from './helpers.js';
import { ALICE, clientOf, controlMismatches, ctl, expectError, startSigned } from './control-helpers.js';

const stubs: TestStub[] = [];
async function track(promise: Promise<TestStub>): Promise<TestStub> {
  const stub = await promise;
  stubs.push(stub);
  return stub;
}
afterEach(async () => {
  for (const stub of stubs.splice(0)) {
    expect(controlMismatches(stub)).toEqual([]);
    await stub.close();
  }
});

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stub-seed-'));
  const file = join(dir, 'seed.json');
  const keypair = { keyName: 'seeded-key', keyFingerprint: 'aa:bb', createTime: '2024-05-01T16:30:00+08:00' };
  const state = {
    accounts: { [ALICE.pin]: { regions: { 'cn-north-1': { collections: { keypair: [['seeded-key', keypair]] }, tasks: {} } } } },
    transitions: [],
  };
  writeFileSync(file, JSON.stringify({ format: STATE_FORMAT, version: 1, savedAt: '2024-05-01T08:30:00.000Z', state }));
  return file;
}

describe('--seed-file', () => {
  it('loads the fixture at start, goes back to it on reset, and never writes to it', async () => {
    const file = fixture();
    const before = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
    const stub = await track(startSigned({ seedFile: file }));
    const alice = clientOf(stub, ALICE);
    const names = async () => (await alice.describeKeypairs({})).keypairs?.map((k) => k.keyName).sort();
    expect(await names()).toEqual(['seeded-key']);
    await alice.createKeypair({ keyName: 'added' });
    await alice.deleteKeypair({ keyName: 'seeded-key' });
    expect(await names()).toEqual(['added']);
    await ctl(stub, 'POST', `/reset?account=${ALICE.pin}`);
    expect(await names()).toEqual(['seeded-key']);
    await alice.createKeypair({ keyName: 'added-again' });
    await stub.reset();
    expect(await names()).toEqual(['seeded-key']);
    await stub.close();
    expect(readFileSync(file, 'utf8')).toBe(before.text);
    expect(statSync(file).mtimeMs).toBe(before.mtime);
  });

  it('a missing or malformed seed file stops the start, naming the seed file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stub-seed-bad-'));
    await expect(start({ seedFile: join(dir, 'none.json') })).rejects.toThrow(/seed file .* does not exist/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "something"}');
    await expect(start({ seedFile: bad })).rejects.toThrow(/seed file .*--seed-file/);
    writeFileSync(bad, JSON.stringify({ format: STATE_FORMAT, version: 1, state: { accounts: {} } }));
    await expect(start({ seedFile: bad })).rejects.toThrow(/seed file .* malformed/);
  });
});

describe('--state-file with the control API', () => {
  it('PUT /_stub/state and reset are saved to the state file before they answer', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stub-state-')), 'state.json');
    const stub = await track(startSigned({ stateFile: file }));
    const seeded = JSON.parse(readFileSync(fixture(), 'utf8')) as unknown;
    expect((await ctl(stub, 'PUT', '/state', { body: seeded })).status).toBe(200);
    expect(JSON.parse(readFileSync(file, 'utf8')).state.accounts[ALICE.pin]).toBeDefined();
    await ctl(stub, 'POST', '/reset');
    expect(JSON.parse(readFileSync(file, 'utf8')).state.accounts).toEqual({});
  });
});

describe('--id-seed', () => {
  async function run(seed: number): Promise<{ instanceIds: string[]; requestIds: string[] }> {
    const stub = await track(startSigned({ idSeed: seed, transitionMs: 0 }));
    const alice = clientOf(stub, ALICE);
    const { instanceIds } = await alice.createInstances({ instanceSpec: plainSpec({ name: 'seeded' }), maxCount: 2 });
    await ctl(stub, 'GET', '/health'); // control requests do not shift the sequence
    await alice.describeInstances({});
    const requestIds = stub.requests().requests.map((r) => r.requestId);
    await stub.close();
    return { instanceIds, requestIds };
  }

  it('the same seed gives the same instance and request ids, run to run; another seed others', async () => {
    const first = await run(42);
    const second = await run(42);
    const other = await run(43);
    expect(second).toEqual(first);
    expect(first.instanceIds).toHaveLength(2);
    expect(first.instanceIds[0]).toMatch(/^i-[a-z0-9]{10}$/);
    expect(other.instanceIds).not.toEqual(first.instanceIds);
  });

  it('a seed that is not a 32-bit unsigned integer stops the start', async () => {
    await expect(start({ idSeed: 1.5 })).rejects.toThrow(/idSeed/);
    await expect(start({ idSeed: -1 })).rejects.toThrow(/idSeed/);
    await expect(start({ journalSize: 0 })).rejects.toThrow(/journal size/);
  });

  it('a reset of every account restarts the sequence', async () => {
    const stub = await track(startSigned({ idSeed: 7, transitionMs: 0 }));
    const alice = clientOf(stub, ALICE);
    const first = (await alice.createInstances({ instanceSpec: plainSpec({ name: 'again' }) })).instanceIds;
    await stub.reset();
    const again = (await alice.createInstances({ instanceSpec: plainSpec({ name: 'again' }) })).instanceIds;
    expect(again).toEqual(first);
  });
});

describe('the programmatic API', () => {
  it('reset, faults, requests, clock and state, typed', async () => {
    const clock = new ManualClock(Date.now());
    const stub = await track(startSigned({ clock, transitionMs: 5_000 }));
    const alice = clientOf(stub, ALICE);
    const rule = stub.faults.add({ operationId: 'describeKeypairs', times: 1, status: 503 });
    expect(rule).toMatchObject({ id: 'fault-1', remaining: 1 });
    await expect(alice.describeKeypairs({}, { retry: false })).rejects.toMatchObject({ httpStatus: 503 });
    expect(stub.requests({ status: 503 }).totalCount).toBe(1);
    expect(stub.faults.remove(rule.id)).toBe(true);
    expect(stub.faults.remove(rule.id)).toBe(false);
    expect(stub.clearRequests()).toBe(1);

    const { instanceIds } = await alice.createInstances({ instanceSpec: plainSpec({ name: 'prog' }) });
    expect((await alice.describeInstance({ instanceId: instanceIds[0]! })).instance.status).toBe('pending');
    const before = stub.clock.now();
    const view = await stub.clock.advance(5_000);
    expect(stub.clock.now() - before).toBe(5_000);
    expect(view.settled).toBeGreaterThanOrEqual(1);
    expect((await alice.describeInstance({ instanceId: instanceIds[0]! })).instance.status).toBe('running');
    expect((await stub.clock.setDurations({ stopInstance: 0 })).durations).toEqual({ stopInstance: 0 });
    await alice.stopInstance({ instanceId: instanceIds[0]! });
    expect((await alice.describeInstance({ instanceId: instanceIds[0]! })).instance.status).toBe('stopped');

    const snapshot = stub.state();
    expect(await stub.reset(ALICE.pin)).toEqual([ALICE.pin]);
    expect((await alice.describeInstances({})).totalCount).toBe(0);
    await stub.loadState(snapshot);
    expect((await alice.describeInstances({})).totalCount).toBe(1);
    await expect(stub.loadState({ format: 'nope' })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(stub.reset('nobody')).rejects.toMatchObject({ httpStatus: 404 });
  });
});

describe('command line', () => {
  it('--admin-token, --seed-file, --id-seed, --journal-size and their environment variables', () => {
    expect(optionsFromCli(['--admin-token', 'token-1234', '--seed-file', 'seed.json', '--id-seed', '42', '--journal-size', '50'], {})).toMatchObject({
      adminToken: 'token-1234',
      seedFile: 'seed.json',
      idSeed: 42,
      journalSize: 50,
    });
    expect(
      optionsFromCli([], {
        JDCLOUD_VM_STUB_ADMIN_TOKEN: 'token-from-env',
        JDCLOUD_VM_STUB_SEED_FILE: 's.json',
        JDCLOUD_VM_STUB_ID_SEED: '0',
        JDCLOUD_VM_STUB_JOURNAL_SIZE: '1',
      }),
    ).toMatchObject({ adminToken: 'token-from-env', seedFile: 's.json', idSeed: 0, journalSize: 1 });
  });

  it.each([
    ['--admin-token', 'short'],
    ['--admin-token', 'has spaces in it'],
    ['--id-seed', '-1'],
    ['--id-seed', 'abc'],
    ['--journal-size', '0'],
    ['--journal-size', '1.5'],
  ])('%s %s is refused', (flag, value) => {
    expect(() => optionsFromCli([flag, value], {})).toThrow(CliError);
  });
});

describe('control-api.yaml', () => {
  const document = parse(readFileSync(CONTROL_DOCUMENT_URL, 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };

  it('is a valid OpenAPI 3.0 document by the checker express-openapi-validator runs on the API document', () => {
    const require = createRequire(import.meta.url);
    const { OpenAPISchemaValidator } = require('express-openapi-validator/dist/framework/openapi.schema.validator.js') as {
      OpenAPISchemaValidator: new (options: { version: string; validateApiSpec: boolean }) => { validate(doc: unknown): { errors: unknown[] | null } };
    };
    const { errors } = new OpenAPISchemaValidator({ version: '3.0.3', validateApiSpec: true }).validate(document);
    expect(errors ?? []).toEqual([]);
  });

  it('is what /_stub/openapi.json serves', async () => {
    const stub = await track(start());
    expect((await call('GET', `${stub.url}/_stub/openapi.json`)).json).toEqual(document);
  });

  it('every operation it lists is answered (none is a 404, 405 or 500)', async () => {
    const stub = await track(start());
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const concrete = path.replace('{faultId}', 'fault-1');
        const body = method === 'put' ? stub.state() : method === 'post' && path === '/faults' ? { operationId: '*', delayMs: 1 } : method === 'post' && path === '/clock' ? { advanceMs: 0 } : undefined;
        const result = await call(method.toUpperCase(), `${stub.url}/_stub${concrete}`, body !== undefined ? { body } : {});
        // removeFault may find its rule gone (DELETE /faults ran first): a 404 envelope, not a routing failure.
        if (operation.operationId === 'removeFault' && result.status === 404) expect(expectError(result, 404).message).toMatch(/No fault rule/);
        else expect(result.status, operation.operationId).toBe(200);
      }
    }
  });
});
