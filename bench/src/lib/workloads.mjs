// What the servers are asked to do: the operations of issue 7 (describeInstances with filters,
// describeInstance, a stopInstance/startInstance cycle) on instances seeded through the API, or,
// while the stub has no instance domain yet, describeKeypairs with a filter on seeded keypairs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createVmClient } from '@jdcloud-vm/client';
import { HOST, request } from './net.mjs';
import { REGION } from './signed-pool.mjs';

const require = createRequire(import.meta.url);

/** The bench's accounts: AK:SK pairs (the first one is the throughput account). */
export function accessKeys(n) {
  return Array.from({ length: n }, (_, i) => `BENCHAK${String(i).padStart(2, '0')}:BENCHSECRET${String(i).padStart(2, '0')}`);
}
export function credentialsOf(key) {
  const [accessKeyId, secretAccessKey] = key.split(':');
  return { accessKeyId, secretAccessKey };
}

/** A public image, type and zone of the stub's catalog, for createInstances. */
function catalogChoice() {
  const dir = require.resolve('@jdcloud-vm/server-stub/package.json').replace(/package\.json$/, 'data/catalog/');
  const images = JSON.parse(readFileSync(`${dir}public-images.json`, 'utf8')).images;
  const types = JSON.parse(readFileSync(`${dir}instance-types.json`, 'utf8')).instanceTypes;
  const image = images.find((i) => i.osType === 'linux' && i.status === 'ready' && i.architecture === 'x86_64') ?? images[0];
  const type = types.find((t) => t.architecture === image.architecture) ?? types[0];
  return { imageId: image.imageId, instanceType: type.instanceType, az: `${REGION}a` };
}

/** The createInstances body used to seed: a plain instance from a public image. */
export function createInstancesBody(name, maxCount) {
  const { imageId, instanceType, az } = catalogChoice();
  return {
    maxCount,
    instanceSpec: {
      az,
      instanceType,
      imageId,
      name,
      password: 'Tq7#mWz9pLx',
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x' } },
    },
  };
}

export function clientFor(port, key) {
  return createVmClient({
    endpoint: `http://${HOST}:${port}`,
    ...credentialsOf(key),
    regionId: REGION,
    retry: false,
  });
}

/**
 * Does the stub answer createInstances yet? Returns {ok: true} or {ok: false, reason}.
 * (Run against a stub started in open mode.)
 */
export async function probeInstanceDomain(port) {
  try {
    const vm = clientFor(port, 'probe:probe');
    const created = await vm.createInstances(createInstancesBody('probe', 2));
    const [id] = created.instanceIds;
    await vm.describeInstance({ instanceId: id });
    const list = await vm.describeInstances({ filters: [{ name: 'instanceId', values: [id] }] });
    if (list.totalCount !== 1) return { ok: false, reason: `describeInstances with an instanceId filter found ${list.totalCount}` };
    // pending → running happens once transition-ms has passed (0 in the bench: at the next request)
    await new Promise((r) => setTimeout(r, 20));
    await vm.describeInstance({ instanceId: id });
    await vm.stopInstance({ instanceId: id });
    await new Promise((r) => setTimeout(r, 20));
    await vm.describeInstance({ instanceId: id });
    await vm.startInstance({ instanceId: id });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `${error.status ?? ''} ${error.message}`.trim() };
  }
}

/** How many instances each throughput stub gets: one per connection for the cycle, plus readers. */
export async function seedInstances(port, key, { cycle, readers }) {
  const vm = clientFor(port, key);
  const ids = [];
  const total = cycle + readers;
  for (let made = 0; made < total; made += 100) {
    const n = Math.min(100, total - made);
    const { instanceIds } = await vm.createInstances(createInstancesBody(`bench-${made}`, n));
    ids.push(...instanceIds);
  }
  await new Promise((r) => setTimeout(r, 30));
  await vm.describeInstances({ pageSize: 10 }); // settles pending → running (transition-ms 0)
  return { cycle: ids.slice(0, cycle), readers: ids.slice(cycle) };
}

export async function seedKeypairs(port, key, n) {
  const vm = clientFor(port, key);
  const names = [];
  for (let i = 0; i < n; i++) {
    const keyName = `bench${i}`;
    await vm.createKeypair({ keyName });
    names.push(keyName);
  }
  return names;
}

/**
 * The operations. Each builds the request for connection `conn`, request number `seq`, for a
 * server `target` ({base: '/v1' or '' for Prism, colon: '%3A' or ':'}). `fixture` holds ids.
 * perConnection: the request depends on the connection (the cycle keeps to its own instance).
 */
export function instanceOperations(fixture) {
  const [a, b] = fixture.readers;
  const one = fixture.readers[2] ?? a;
  return [
    {
      name: 'describeInstances',
      label: 'describeInstances, filters status + instanceId (2 hits)',
      build: (target) => ({
        method: 'GET',
        path: `${target.base}/regions/${REGION}/instances?pageNumber=1&pageSize=10&filters.1.name=status&filters.1.values.1=running&filters.2.name=instanceId&filters.2.values.1=${a}&filters.2.values.2=${b}`,
      }),
    },
    {
      name: 'describeInstance',
      label: 'describeInstance',
      build: (target) => ({ method: 'GET', path: `${target.base}/regions/${REGION}/instances/${one}` }),
    },
    {
      name: 'stopStartCycle',
      label: 'stopInstance / startInstance cycle (one instance per connection)',
      perConnection: true,
      build: (target, conn, seq) => {
        const id = fixture.cycle[conn % fixture.cycle.length];
        const action = seq % 2 === 0 ? 'stopInstance' : 'startInstance';
        const body = action === 'stopInstance' ? '{"chargeOnStopped":"stopCharging"}' : '';
        return { method: 'POST', path: `${target.base}/regions/${REGION}/instances/${id}${target.colon}${action}`, body };
      },
      // The ceiling answers what the stub answered to a stop; Prism's route for a start is separate.
      routes: [
        { method: 'POST', path: '^/v1/regions/[^/]+/instances/[^/]+(?::|%3A)stopInstance$', regex: true, sample: 0 },
        { method: 'POST', path: '^/v1/regions/[^/]+/instances/[^/]+(?::|%3A)startInstance$', regex: true, sample: 1 },
      ],
    },
  ];
}

export function keypairOperations(fixture) {
  return [
    {
      name: 'describeKeypairs',
      label: 'describeKeypairs, filter keyNames (2 hits)  [instance domain not ready]',
      build: (target) => ({
        method: 'GET',
        path: `${target.base}/regions/${REGION}/keypairs?pageNumber=1&pageSize=10&filters.1.name=keyNames&filters.1.values.1=${fixture.keyNames[0]}&filters.1.values.2=${fixture.keyNames[1]}`,
      }),
    },
  ];
}

/** Express routes of the ceiling for an operation (path patterns on the stub's spelling). */
export function expressRoutesFor(op) {
  if (op.routes) return op.routes;
  const probe = op.build({ base: '/v1', colon: '%3A' }, 0, 0);
  const path = probe.path.split('?')[0].replace(/\/(i-[0-9a-z]+)$/, '/:instanceId').replace(/\/regions\/[^/]+/, '/regions/:regionId');
  return [{ method: probe.method, path, sample: 0 }];
}

/**
 * Asks a server for each operation once (signed, fresh nonce) and returns what it answered: the
 * status and body, used to check that every server answers 2xx and to give the ceiling its bodies.
 */
export async function sampleAnswers(port, op, target, sign) {
  const out = [];
  const n = op.perConnection ? 2 : 1;
  for (let seq = 0; seq < n; seq++) {
    const r = op.build(target, 0, seq);
    const headers = await sign(r);
    const res = await request(port, { method: r.method, path: r.path, headers, body: r.body || undefined });
    out.push({ status: res.status, body: res.body });
  }
  return out;
}
