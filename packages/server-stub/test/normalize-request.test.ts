// The request-reading step on its own (src/http/normalize-request.ts): against the bundled
// document for what the official clients send, and against small documents for the corners.
import { describe, expect, it } from 'vitest';
import { RequestNormalizer, type RequestPlan } from '../src/http/normalize-request.js';
import { parseQuery } from '../src/http/query.js';
import { SpecIndex } from '../src/spec/index.js';
import { loadSpec } from '../src/spec/load.js';
import type { OpenApiDocument } from '../src/spec/types.js';

const bundle = new SpecIndex(loadSpec(undefined).document);

function planOf(spec: SpecIndex, operationId: string, strict = false): { n: RequestNormalizer; plan: RequestPlan } {
  const n = new RequestNormalizer(spec.document, strict);
  const operation = spec.get(operationId);
  if (!operation) throw new Error(`no ${operationId}`);
  return { n, plan: n.plan(operation) };
}

function body(operationId: string, value: unknown, strict = false) {
  const { n, plan } = planOf(bundle, operationId, strict);
  const warnings: string[] = [];
  const out = n.body(plan, value, warnings);
  return { ...out, warnings };
}

function query(operationId: string, raw: string, strict = false, spec = bundle) {
  const { n, plan } = planOf(spec, operationId, strict);
  const warnings: string[] = [];
  const operation = spec.get(operationId)!;
  const value = parseQuery(raw, operation.indexedQuery, (pairs) => n.queryPairs(plan, pairs, warnings));
  n.queryValues(plan, value, warnings);
  return { value, warnings };
}

describe('body field names', () => {
  it('match the document without regard to case, at every depth', () => {
    const out = body('createInstances', {
      InstanceSpec: {
        InstanceType: 'g.n2.medium',
        ImageId: 'img-x',
        PasswordAuth: 'yes',
        SystemDisk: { diskcategory: 'cloud', CloudDiskSpec: { DiskType: 'ssd.gp1' } },
        DataDisks: [{ CloudDiskSpec: { DISKTYPE: 'ssd.gp1' } }],
      },
      MaxCount: 2,
    });
    expect(out.value).toEqual({
      instanceSpec: {
        instanceType: 'g.n2.medium',
        imageId: 'img-x',
        passwordAuth: 'yes',
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1' } },
        dataDisks: [{ cloudDiskSpec: { diskType: 'ssd.gp1' } }],
      },
      maxCount: 2,
    });
    expect(out.changed).toBe(true);
    expect(out.warnings).toEqual([]);
    // The template's model spells it passWordAuth; the official pages write passwordAuth.
    expect(body('createInstanceTemplate', { instanceTemplateData: { passwordAuth: 'no' } }).value).toEqual({
      instanceTemplateData: { passWordAuth: 'no' },
    });
  });

  it('a body already in the document\'s names is unchanged (its text still describes it)', () => {
    const sent = { keyName: 'k1' };
    const out = body('createKeypair', sent);
    expect(out).toEqual({ value: sent, changed: false, warnings: [] });
  });

  it('two spellings of one field: the last one is used, with a warning', () => {
    const out = body('createKeypair', { keyName: 'first', KeyName: 'second' });
    expect(out.value).toEqual({ keyName: 'second' });
    expect(out.warnings).toEqual(['field "KeyName" repeats "keyName" in another case: the last one is used']);
  });
});

describe('nulls, empty strings and path parameters', () => {
  it('what the Python SDK sends for stopInstance reads as an empty body', () => {
    const out = body('stopInstance', { regionId: 'cn-north-1', instanceId: 'i-abc', chargeOnStopped: null });
    expect(out.value).toEqual({});
    expect(out.warnings).toEqual([]);
  });

  it('path parameters in the body are ignored in any case, also in strict mode', () => {
    expect(body('createKeypair', { RegionId: 'cn-north-1', keyName: 'k' }, true).value).toEqual({ keyName: 'k' });
  });

  it('null for an optional field, nested too, means absent; for a required one it is left out (the validator says it is missing)', () => {
    const out = body('createInstances', {
      instanceSpec: { az: null, instanceType: 'g.n2.medium', systemDisk: { cloudDiskSpec: { diskType: 'ssd.gp1', iops: null } } },
      maxCount: null,
    });
    expect(out.value).toEqual({ instanceSpec: { instanceType: 'g.n2.medium', systemDisk: { cloudDiskSpec: { diskType: 'ssd.gp1' } } } });
    expect(body('createKeypair', { keyName: null }).value).toEqual({});
  });

  it('null for a field the document does not have is absent too, without a warning', () => {
    const out = body('createInstances', { instanceSpec: { instanceType: 'x', dedicatedPoolId: null, cpuTopology: null } });
    expect(out.value).toEqual({ instanceSpec: { instanceType: 'x' } });
    expect(out.warnings).toEqual([]);
  });

  it('"" for an optional enumeration or id field is not given; free text keeps it', () => {
    const out = body('createInstanceTemplate', {
      instanceTemplateData: { chargeOnStopped: '', systemDisk: { deviceName: '', cloudDiskSpec: { snapshotId: '' } } },
    });
    // deviceName accepts "" (free text, no pattern): kept; snapshotId is an id: not given.
    expect(out.value).toEqual({ instanceTemplateData: { systemDisk: { deviceName: '', cloudDiskSpec: {} } } });
  });

  it('stopInstance\'s own example ("chargeOnStopped": "") stays: the document lists "" as "keep the current setting"', () => {
    expect(body('stopInstance', { chargeOnStopped: '' }).value).toEqual({ chargeOnStopped: '' });
  });

  it('"" stays where the schema accepts it (a description cleared) and where the field is required', () => {
    expect(body('modifyInstanceAttribute', { description: '' }).value).toEqual({ description: '' });
    expect(body('createKeypair', { keyName: '' }).value).toEqual({ keyName: '' });
  });

  it('wrong types are left as sent, for the validator to refuse', () => {
    const sent = { instanceSpec: 'x', maxCount: '2' };
    expect(body('createInstances', sent).value).toEqual(sent);
    expect(body('createInstances', { instanceSpec: { dataDisks: [null, 3] } }).value).toEqual({ instanceSpec: { dataDisks: [null, 3] } });
    expect(body('createKeypair', [{ keyName: 'k' }]).value).toEqual([{ keyName: 'k' }]);
    expect(body('createKeypair', { keyName: 0 }).value).toEqual({ keyName: 0 });
    expect(body('rebootInstance', null).value).toBe(null);
  });
});

describe('unknown fields', () => {
  it('are left out, each with a warning that names it as sent', () => {
    const out = body('createInstances', { instanceSpec: { instanceType: 'x', Colour: 'red', dataDisks: [{ size: 1 }] }, extra: 1 });
    expect(out.value).toEqual({ instanceSpec: { instanceType: 'x', dataDisks: [{}] } });
    expect(out.warnings).toEqual([
      'unknown field "instanceSpec.Colour" ignored',
      'unknown field "instanceSpec.dataDisks[0].size" ignored',
      'unknown field "extra" ignored',
    ]);
  });

  it('in strict mode they stay, as own properties even when named __proto__', () => {
    const sent = JSON.parse('{"keyName":"k","__proto__":{"polluted":1},"colour":"red"}') as Record<string, unknown>;
    const out = body('createKeypair', sent, true);
    expect(Object.keys(out.value as object)).toEqual(['keyName', '__proto__', 'colour']);
    expect(Object.getPrototypeOf(out.value)).toBe(Object.prototype);
    expect(out.warnings).toEqual([]);
  });

  it('__proto__ and its kin are left out like any unknown field, and pollute nothing', () => {
    const sent = JSON.parse('{"keyName":"k","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') as Record<string, unknown>;
    const out = body('createKeypair', sent);
    expect(out.value).toEqual({ keyName: 'k' });
    expect(Object.getPrototypeOf(out.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(out.warnings).toHaveLength(2);
  });

  it('names that are not ASCII are escaped in the warning, long ones clipped', () => {
    const out = body('createKeypair', { keyName: 'k', 'cl\u00e9\r\n': 1, ['x'.repeat(500)]: 2 });
    expect(out.warnings[0]).toBe('unknown field "cl\\u00e9\\r\\n" ignored');
    expect(out.warnings[1]).toMatch(/^unknown field "x{100}\\u2026" ignored$/);
    for (const line of out.warnings) expect(line).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('a body on an operation that takes none', () => {
  const bodiless = (value: unknown, strict = false) => {
    const { n, plan } = planOf(bundle, 'deleteImage', strict);
    const warnings: string[] = [];
    return { refusal: n.bodyOfBodiless(plan, value, warnings), warnings };
  };

  it('path parameters and nulls only: nothing to say, also in strict mode', () => {
    expect(bodiless({ regionId: 'cn-north-1', ImageId: 'img-x', deleteSnapshot: null }, true)).toEqual({ refusal: undefined, warnings: [] });
    expect(bodiless(null, true)).toEqual({ refusal: undefined, warnings: [] });
  });

  it('anything else: a warning, or in strict mode the reason to refuse', () => {
    expect(bodiless({ colour: 'red' })).toEqual({ refusal: undefined, warnings: ['unknown field "colour" ignored'] });
    expect(bodiless({ colour: 'red' }, true).refusal).toBe("Unknown parameter 'colour': it is not part of this operation.");
    expect(bodiless(undefined).warnings).toEqual(['request body ignored: this operation takes none']);
    expect(bodiless(undefined, true).refusal).toBe('This operation takes no request body.');
  });
});

describe('the query', () => {
  it('parameter names in any case (the documentation example sends TaskAction=)', () => {
    expect(query('imageTasks', 'TaskAction=ImportImage&PAGESIZE=10').value).toEqual({ taskAction: 'ImportImage', pageSize: '10' });
  });

  it('indexed keys: every part in any case', () => {
    expect(query('describeInstances', 'Filters.1.Name=status&Filters.1.Values.1=running&FILTERS.1.VALUES.2=stopped&Tags.1.Key=env').value).toEqual({
      filters: [{ name: 'status', values: ['running', 'stopped'] }],
      tags: [{ key: 'env' }],
    });
  });

  it('booleans in any case (Python writes True and False)', () => {
    expect(query('deleteImage', 'deleteSnapshot=True').value).toEqual({ deleteSnapshot: 'true' });
    expect(query('deleteImage', 'DeleteSnapshot=FALSE').value).toEqual({ deleteSnapshot: 'false' });
    // Anything else stays for the validator to refuse.
    expect(query('deleteImage', 'deleteSnapshot=yes').value).toEqual({ deleteSnapshot: 'yes' });
  });

  it('unknown parameters and unknown fields of indexed objects: left out with a warning; kept in strict mode', () => {
    const raw = 'colour=red&filters.1.name=status&filters.1.values.1=running&filters.1.Colour=x';
    expect(query('describeInstances', raw)).toEqual({
      value: { filters: [{ name: 'status', values: ['running'] }] },
      warnings: ['unknown query parameter "colour" ignored', 'unknown query parameter "filters.1.Colour" ignored'],
    });
    expect(query('describeInstances', raw, true)).toEqual({
      value: { colour: 'red', filters: [{ name: 'status', values: ['running'], Colour: 'x' }] },
      warnings: [],
    });
  });

  it('path parameters in the query are ignored silently', () => {
    expect(query('describeKeypairs', 'regionId=cn-north-1&pageSize=5', true)).toEqual({ value: { pageSize: '5' }, warnings: [] });
  });

  it('malformed indexed keys are kept as sent, so they are still refused', () => {
    expect(() => query('describeInstances', 'filters.1..name=a')).toThrow(/empty segment/);
    expect(() => query('describeInstances', 'Filters.0.Name=a')).toThrow(/indexes start at 1/);
    expect(() => query('describeInstances', 'tags.0.colour=a')).toThrow(/indexes start at 1/);
    expect(query('describeInstances', 'filters.x=a').value).toEqual({ filters: { x: 'a' } });
  });

  it('a parameter given in two spellings is given twice (refused like any repeated parameter)', () => {
    expect(query('describeKeypairs', 'pageSize=1&PageSize=2').value).toEqual({ pageSize: ['1', '2'] });
  });
});

describe('plans from any document', () => {
  const doc: OpenApiDocument = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/things/{thingId}': {
        post: {
          operationId: 'makeThing',
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        },
      },
    },
    components: {
      schemas: {
        Base: { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { type: 'string', enum: ['a', 'b'] } } },
        Thing: {
          allOf: [{ $ref: '#/components/schemas/Base' }],
          additionalProperties: false,
          properties: {
            child: { $ref: '#/components/schemas/Thing' },
            mode: { type: 'string', pattern: '^[a-z]+$' },
            Mode: { type: 'string' },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
  };
  const spec = new SpecIndex(doc);

  it('follows $refs and allOf, and recursive schemas', () => {
    const { n, plan } = planOf(spec, 'makeThing');
    const warnings: string[] = [];
    const out = n.body(plan, { KIND: 'a', Child: { Kind: 'b', child: { kind: null, x: 1 } }, ThingId: 't-1' }, warnings);
    expect(out.value).toEqual({ kind: 'a', child: { kind: 'b', child: {} } });
    expect(warnings).toEqual(['unknown field "child.child.x" ignored']);
  });

  it('two properties differing only in case keep their exact names', () => {
    const { n, plan } = planOf(spec, 'makeThing');
    expect(n.body(plan, { kind: 'a', mode: 'x', Mode: 'Y' }, []).value).toEqual({ kind: 'a', mode: 'x', Mode: 'Y' });
  });

  it('an open object keeps the names it is given', () => {
    const { n, plan } = planOf(spec, 'makeThing');
    const warnings: string[] = [];
    expect(n.body(plan, { kind: 'a', labels: { Anything: 'goes' } }, warnings).value).toEqual({ kind: 'a', labels: { Anything: 'goes' } });
    expect(warnings).toEqual([]);
  });

  it('"" on an optional field with a pattern is not given', () => {
    const { n, plan } = planOf(spec, 'makeThing');
    expect(n.body(plan, { kind: 'a', mode: '', Mode: '' }, []).value).toEqual({ kind: 'a', Mode: '' });
  });
});
