// The operations that get a generated clientToken are exactly those whose request body takes one
// in the spec bundle (the generated operation table does not say it; this keeps the list true).
import { listOperations, loadBundle, resolveRef, schemaProperties, type RequestBodyObject } from '@jdcloud-vm/spec';
import { describe, expect, it } from 'vitest';
import { CLIENT_TOKEN_OPERATIONS } from '../src/index.js';

const spec = loadBundle();

describe('CLIENT_TOKEN_OPERATIONS', () => {
  it('lists every operation whose body has a clientToken, and no other', () => {
    const fromSpec = listOperations(spec)
      .filter(({ operation }) => {
        const body = resolveRef<RequestBodyObject | undefined>(spec, operation.requestBody);
        return 'clientToken' in schemaProperties(spec, body?.content?.['application/json']?.schema);
      })
      .map((entry) => entry.operationId)
      .sort();
    expect(fromSpec.length).toBeGreaterThan(0);
    expect([...CLIENT_TOKEN_OPERATIONS].sort()).toEqual(fromSpec);
  });
});
