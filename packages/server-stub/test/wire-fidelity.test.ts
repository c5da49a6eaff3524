// Requests as the official clients and JD Cloud's own pages send them, byte for byte, read the way
// the real service reads them (src/http/normalize-request.ts). The Python SDK's bodies are what
// jdcloud_sdk/core/parameterbuilder.py writes (json.dumps of every parameter, path parameters and
// unset optional fields as null included, ", " and ": " separators, non-ASCII as \uXXXX); its
// query booleans are Python's str() (True/False). The page examples are copied from
// pages/zh-CN/*.md, their masked ids (`img-m5s0****29`) unmasked with letters.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT } from '../src/index.js';
import { type CallResult, type TestStub, call, errorOf, seedInstance, start } from './helpers.js';
import { send } from './reliability/wire.js';

const WARNINGS = 'x-jdcloud-stub-warnings';
/** The headers the Python SDK sends with every request (jdcloudclient.py), besides its signature. */
const PYTHON_HEADERS = { 'content-type': 'application/json', accept: '*/*', 'user-agent': 'JdcloudSdkPython/1.6.100 vm/1.6.1' };

const snapshot = (stub: TestStub) => JSON.stringify(stub.store.toJSON());
const status = (stub: TestStub, instanceId: string) =>
  stub.store.scope(DEFAULT_ACCOUNT, 'cn-north-1').instances.get(instanceId)?.status;

/** A request with a body on any method (fetch sends none on a GET). */
async function sendBody(stub: TestStub, method: string, path: string, body: string): Promise<CallResult> {
  const response = await send(stub.port, { method, path: `/v1/regions/cn-north-1${path}`, headers: { 'content-type': 'application/json' }, body });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(name, value);
  return { status: response.status, headers, json: JSON.parse(response.text) };
}

/** The request was read as well-formed: no name went unrecognised, and no answer calls it malformed. */
function expectWellFormed(result: CallResult): void {
  expect(result.headers.get(WARNINGS)).toBeNull();
  if (result.status >= 400) expect(errorOf(result).message).not.toMatch(/Unknown parameter|not valid JSON|is required|must be/);
}

describe('what the official clients and the pages send', () => {
  let stub: TestStub;
  let n = 0;
  let id = '';
  beforeAll(async () => {
    stub = await start({ transitionMs: 0 });
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    id = `i-wire${String((n += 1)).padStart(4, '0')}`;
    seedInstance(stub, DEFAULT_ACCOUNT, {
      instanceId: id,
      status: 'running',
      systemDisk: { diskCategory: 'cloud', deviceName: 'vda', cloudDisk: { diskType: 'ssd.gp1', diskSizeGB: 40 } },
      charge: { chargeMode: 'postpaid_by_duration', chargeStatus: 'normal' },
    });
  });

  it('Python SDK stopInstance: path parameters and a null in the body, the colon literal', async () => {
    const result = await call('POST', stub.api(`/instances/${id}:stopInstance`), {
      rawBody: `{"regionId": "cn-north-1", "instanceId": "${id}", "chargeOnStopped": null}`,
      headers: PYTHON_HEADERS,
    });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    expect(result.headers.get(WARNINGS)).toBeNull();
    expect(status(stub, id)).toBe('stopped');
  });

  it('Python SDK createKeypair: \\u escapes and ", " separators', async () => {
    const result = await call('POST', stub.api('/keypairs'), {
      rawBody: '{"regionId": "cn-north-1", "keyName": "py\\u002dkey\\u005f1"}',
      headers: PYTHON_HEADERS,
    });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    expect(result.json.result.keyName).toBe('py-key_1');
    expect(result.headers.get(WARNINGS)).toBeNull();
  });

  it('Python SDK deleteInstance and describeImages: query booleans as True / False, an empty DELETE with a content type', async () => {
    const images = await call('GET', stub.api('/images?imageSource=public&offline=False&pageSize=10'), { headers: PYTHON_HEADERS });
    expect(images.status, JSON.stringify(images.json)).toBe(200);
    expect(images.json.result.images.length).toBeGreaterThan(0);
    await call('POST', stub.api(`/instances/${id}:stopInstance`), { rawBody: '{}' });
    const deleted = await call('DELETE', stub.api(`/instances/${id}?deletePrimaryNetworkInterfaceAllElasticIp=True`), {
      rawBody: '',
      headers: { ...PYTHON_HEADERS, 'content-length': '0' },
    });
    expect(deleted.status, JSON.stringify(deleted.json)).toBe(200);
    expect(status(stub, id)).toBeUndefined();
  });

  it('Python SDK createImage and shareImage: unset fields as null', async () => {
    await call('POST', stub.api(`/instances/${id}:stopInstance`), { rawBody: '{}' });
    const created = await call('POST', stub.api(`/instances/${id}:createImage`), {
      rawBody: `{"regionId": "cn-north-1", "instanceId": "${id}", "name": "py-image", "description": null, "dataDisks": null}`,
      headers: PYTHON_HEADERS,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const imageId = created.json.result.imageId as string;
    const shared = await call('POST', stub.api(`/images/${imageId}:share`), {
      rawBody: `{"regionId": "cn-north-1", "imageId": "${imageId}", "pins": ["someone"], "loginNames": null}`,
      headers: PYTHON_HEADERS,
    });
    // Read as well-formed: the answer is the documented one for a PIN no account has.
    expect(errorOf(shared)).toEqual({ code: 400, status: 'FAILED_PRECONDITION', message: "Pin 'someone' not found" });
  });

  it('a body on a GET or a DELETE carrying only path parameters and nulls is accepted', async () => {
    const got = await sendBody(stub, 'GET', `/instances/${id}`, `{"regionId": "cn-north-1", "instanceId": "${id}"}`);
    expect(got.status).toBe(200);
    expect(got.headers.get(WARNINGS)).toBeNull();
    const keys = await sendBody(stub, 'GET', '/keypairs', '{"regionId": "cn-north-1", "pageNumber": null, "filters": null}');
    expect(keys.status).toBe(200);
    expect(keys.headers.get(WARNINGS)).toBeNull();
  });

  it('the createKeypair page: "KeyName"', async () => {
    const result = await call('POST', stub.api('/keypairs'), { rawBody: '{\n    "KeyName": "my-test"\n}' });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    expect(result.json.result.keyName).toBe('my-test');
  });

  it('the imageTasks page: TaskAction= and indexed taskIds', async () => {
    const result = await call('GET', stub.api('/imageTasks?TaskAction=ImportImage&taskIds.1=709&taskIds.2=794'));
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    expect(result.headers.get(WARNINGS)).toBeNull();
  });

  it('the createInstanceTemplate page: passwordAuth for passWordAuth, "deviceName": "", "noDevice": null', async () => {
    const result = await call('POST', stub.api('/instanceTemplates'), {
      rawBody: `{
    "name":"test",
    "description":"test",
    "instanceTemplateData":{
        "instanceType":"g.n2.medium",
        "imageId":"img-m5s0abcd29",
        "password":"Instance@010",
        "primaryNetworkInterface":{
            "autoDelete":true,
            "networkInterface":{
                "subnetId":"subnet-c2p3abcd9o",
                "securityGroups":[
                    "sg-p2d1abcdya"
                ]
            }
        },
        "systemDisk":{
            "diskCategory":"cloud",
            "cloudDiskSpec":{
                "diskType":"ssd.gp1",
                "diskSizeGB":100
            },
            "deviceName":"",
            "noDevice":null
        },
        "dataDisks":[
            {
                "diskCategory":"cloud",
                "autoDelete":true,
                "cloudDiskSpec":{
                    "diskType":"hdd.std1",
                    "diskSizeGB":100
                },
                "deviceName":"vdb"
            }
        ],
        "chargeOnStopped":"keepCharging",
        "passwordAuth":"yes",
        "imageInherit":"no"
    }
}`,
    });
    expectWellFormed(result);
  });

  it('the createImage page: "CloudDiskSpec"', async () => {
    await call('POST', stub.api(`/instances/${id}:stopInstance`), { rawBody: '{}' });
    const result = await call('POST', stub.api(`/instances/${id}:createImage`), {
      rawBody: `{
    "name":"test",
    "description":"test",
    "dataDisks":[
        { "deviceName":"vdc", "noDevice":true },
        { "deviceName":"vdh", "CloudDiskSpec":{ "diskType":"ssd.gp1", "diskSizeGB":40 } }
    ]
}`,
    });
    // Every name is understood (no warning); whether a disk created with an image needs az and
    // name is the document's to say (issue 12, "The document tells the truth").
    expect(result.headers.get(WARNINGS)).toBeNull();
    if (result.status >= 400) expect(errorOf(result).message).not.toMatch(/CloudDiskSpec|Unknown parameter/);
  });

  it('the createInstances page: "InstanceSpec", "ImageId", "InstanceType"', async () => {
    const result = await call('POST', stub.api('/instances'), {
      rawBody: `{
  "maxCount":1,
  "InstanceSpec":{
    "az":"cn-north-1a",
    "ImageId":"img-m5s0abcd29",
    "InstanceType":"g.n2.large",
    "name":"instance",
    "password":"A1i2n@Apix#",
    "keyNames":[
      "ssh-key-test"
    ],
    "elasticIp":{
      "bandwidthMbps":5,
      "provider":"bgp"
    },
    "primaryNetworkInterface":{
      "networkInterface":{
        "subnetId":"subnet-c2p3abcd9o",
        "securityGroups":[
          "sg-p2d1abcdya"
        ]
      }
    },
    "systemDisk":{
      "cloudDiskSpec":{
        "diskType":"ssd.gp1"
      }
    },
    "dataDisks":[
    {
      "diskCategory":"cloud",
      "cloudDiskSpec":{
        "diskType":"ssd.io1",
        "diskSizeGB":20,
        "iops":1000
      }
    }
    ],
    "chargeOnStopped":"stopCharging"
  }
}`,
    });
    // Every name is understood; the az and name of a disk created with an instance are the
    // document's to relax (issue 12, "The document tells the truth"), not this step's.
    expect(result.headers.get(WARNINGS)).toBeNull();
    if (result.status >= 400) expect(errorOf(result).message).not.toMatch(/InstanceSpec|ImageId|InstanceType|Unknown parameter/);
  });

  it('keys in any order, any spacing', async () => {
    const result = await call('POST', stub.api('/keypairs'), { rawBody: '  {  "keyName"  :\t"spaced" ,\r\n "regionId" : "cn-north-1" }  ' });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
  });
});

describe('unknown names: ignored with a warning, or refused in strict mode', () => {
  let lenient: TestStub;
  let strict: TestStub;
  beforeAll(async () => {
    [lenient, strict] = await Promise.all([start({ transitionMs: 0 }), start({ transitionMs: 0, strict: true })]);
  });
  afterAll(() => Promise.all([lenient.close(), strict.close()]));

  it('an unknown body field: accepted, named in the header and in one warning log line', async () => {
    const result = await call('POST', lenient.api('/keypairs'), { body: { keyName: 'typo-key', keyNmae: 'x', extra: { a: 1 } } });
    expect(result.status).toBe(200);
    expect(result.headers.get(WARNINGS)).toBe('unknown field "keyNmae" ignored; unknown field "extra" ignored');
    const line = lenient.logs.find((l) => l.level === 'warn' && l.requestId === result.json.requestId);
    expect(line).toMatchObject({ operationId: 'createKeypair', warnings: ['unknown field "keyNmae" ignored', 'unknown field "extra" ignored'] });
  });

  it('in strict mode the same request is today\'s 400, and changes nothing', async () => {
    const before = snapshot(strict);
    const result = await call('POST', strict.api('/keypairs'), { body: { keyName: 'typo-key', keyNmae: 'x' } });
    expect(errorOf(result)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: "Unknown parameter 'keyNmae': it is not part of this operation." });
    expect(snapshot(strict)).toBe(before);
  });

  it('unknown query parameters and unknown fields of indexed filters, both modes', async () => {
    const path = '/keypairs?colour=red&filters.1.name=keyNames&filters.1.values.1=a&filters.1.op=eq';
    const ok = await call('GET', lenient.api(path));
    expect(ok.status).toBe(200);
    expect(ok.headers.get(WARNINGS)).toBe('unknown query parameter "colour" ignored; unknown query parameter "filters.1.op" ignored');
    const refused = errorOf(await call('GET', strict.api(path)));
    expect(refused).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(refused.message).toContain("'colour'");
    const nested = errorOf(await call('GET', strict.api('/keypairs?filters.1.name=keyNames&filters.1.values.1=a&filters.1.op=eq')));
    expect(nested.message).toContain('filters.1.op');
  });

  it('a body on a GET with more than path parameters: a warning, or 400 in strict mode; path parameters and nulls pass either way', async () => {
    const warned = await sendBody(lenient, 'GET', '/keypairs', '{"pageSize": 20}');
    expect(warned.status).toBe(200);
    expect(warned.headers.get(WARNINGS)).toBe('unknown field "pageSize" ignored');
    expect(errorOf(await sendBody(strict, 'GET', '/keypairs', '{"pageSize": 20}')).message).toBe(
      "Unknown parameter 'pageSize': it is not part of this operation.",
    );
    expect(errorOf(await sendBody(strict, 'GET', '/keypairs', 'not json')).message).toBe('This operation takes no request body.');
    expect((await sendBody(lenient, 'GET', '/keypairs', 'not json')).headers.get(WARNINGS)).toBe('request body ignored: this operation takes none');
    const deleted = await sendBody(strict, 'DELETE', '/keypairs/none', '{"regionId": "cn-north-1", "keyName": "none", "x": null}');
    expect(errorOf(deleted).code).toBe(404);
  });

  it('many unknown fields: the header names the first 20 and counts the rest', async () => {
    const body: Record<string, unknown> = { keyName: 'many-unknown' };
    for (let i = 0; i < 30; i += 1) body[`u${i}`] = i;
    const result = await call('POST', lenient.api('/keypairs'), { body });
    const header = result.headers.get(WARNINGS) ?? '';
    expect(header.split('; ')).toHaveLength(21);
    expect(header.endsWith('; and 10 more')).toBe(true);
  });
});

describe('what stays refused, and changes nothing', () => {
  let stub: TestStub;
  beforeAll(async () => {
    stub = await start({ transitionMs: 0 });
  });
  afterAll(() => stub.close());

  for (const [label, method, path, rawBody, expected] of [
    ['null for a required field (the same 400 as missing)', 'POST', '/keypairs', '{"regionId": "cn-north-1", "keyName": null}', /'keyName'.*is required/],
    ['a wrong type under another case', 'POST', '/keypairs', '{"KeyName": 5}', /'keyName'/],
    ['an enum value in another case', 'POST', '/instances/i-none0001:stopInstance', '{"chargeOnStopped": "StopCharging"}', /'chargeOnStopped'/],
    ['"" for a required field', 'POST', '/keypairs', '{"keyName": ""}', /'keyName'/],
    ['a boolean written otherwise', 'GET', '/images?offline=yes', '', /'offline'/],
    ['a value out of range under another case', 'GET', '/keypairs?PageSize=5', '', /'pageSize'/],
    ['malformed JSON', 'POST', '/keypairs', "{'keyName': 'a'}", /not valid JSON/],
    ['null as the whole body', 'POST', '/keypairs', 'null', /body/],
  ] as const) {
    it(label, async () => {
      const before = snapshot(stub);
      const error = errorOf(await call(method, stub.api(path), rawBody ? { rawBody } : {}));
      expect(error.code).toBe(400);
      expect(error.message).toMatch(expected);
      expect(snapshot(stub)).toBe(before);
    });
  }

  it('null for a required field reads exactly as the field missing', async () => {
    const missing = errorOf(await call('POST', stub.api('/keypairs'), { rawBody: '{}' }));
    const nulled = errorOf(await call('POST', stub.api('/keypairs'), { rawBody: '{"keyName": null}' }));
    expect(nulled).toEqual(missing);
  });
});
