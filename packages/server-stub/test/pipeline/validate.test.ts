// The validate step's own rule (src/pipeline/validate.ts): the validator and the stub agree on
// the operation, or the request fails as the stub's bug. The validator itself is pinned in
// validator-adapter.test.ts.
import { describe, expect, it } from 'vitest';
import { confirmValidated } from '../../src/pipeline/validate.js';
import { asValidatedBy, fakeRequest, miniSpec } from './fixtures.js';

const spec = miniSpec();
const describeThing = spec.get('describeThing')!;

describe('confirmValidated', () => {
  it('the same operation: the validated path parameters; the request is marked validated', () => {
    const req = asValidatedBy(fakeRequest(), 'describeThing', { regionId: 'r1', thingId: 't-1' });
    expect(confirmValidated(req, describeThing)).toEqual({ regionId: 'r1', thingId: 't-1' });
    expect(req.stub.validated).toBe(true);
  });

  it('another operation, or none: 500 INTERNAL naming both; not marked validated', () => {
    for (const [req, named] of [
      [asValidatedBy(fakeRequest(), 'deleteThing', {}), 'deleteThing'],
      [fakeRequest(), 'undefined'],
    ] as const) {
      expect(() => confirmValidated(req, describeThing)).toThrow(
        expect.objectContaining({ httpStatus: 500, message: `Routing disagreement: the stub matched describeThing, the validator ${named}.` }),
      );
      expect(req.stub.validated).toBeUndefined();
    }
  });
});
