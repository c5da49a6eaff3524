// The stub's handler table is typed from the document (the client's generated `operations`): the
// type checks below run under `pnpm lint` (tsc), each `@ts-expect-error` failing the lint if the
// mistake it names ever compiles; the tests run the same table against the bundle.
import { type VmOperationId, vmOperations } from '@jdcloud-vm/client';
import { describe, expect, it } from 'vitest';
import { DOMAIN_MODULES, EVERY_OPERATION_HANDLED, defaultRegistry } from '../src/domain/index.js';
import { imageModule } from '../src/domain/image/index.js';
import { instanceTypeModule } from '../src/domain/instance-type/index.js';
import { instanceModule } from '../src/domain/instance/index.js';
import { keypairModule } from '../src/domain/keypair/index.js';
import { quotaModule } from '../src/domain/quota/index.js';
import { templateModule } from '../src/domain/template/index.js';
import type { HandlerShare, HandlerTable, OperationContext } from '../src/domain/types.js';
import { SpecIndex } from '../src/spec/index.js';
import { loadSpec } from '../src/spec/load.js';

const everyHandler = {
  ...keypairModule.handlers,
  ...instanceModule.handlers,
  ...imageModule.handlers,
  ...templateModule.handlers,
  ...instanceTypeModule.handlers,
  ...quotaModule.handlers,
};

// The shipped modules make the whole table.
const complete: HandlerTable = everyHandler;

// A table missing one operation does not compile.
const { describeQuotas: _left, ...missingOne } = everyHandler;
// @ts-expect-error describeQuotas has no handler
const incomplete: HandlerTable = missingOne;

// A misspelled operationId does not compile.
// @ts-expect-error describeKeypair is not an operation of the document (describeKeypairs is)
const misspelled = { describeKeypair: () => undefined } satisfies HandlerShare;

// A result that is not the document's does not compile.
const wrongResult = {
  // @ts-expect-error createImage answers { imageId }, not { imageID }
  createImage: () => ({ imageID: 'img-x' }),
} satisfies HandlerShare;

// A result for an operation that answers none does not compile.
const resultForNone = {
  // @ts-expect-error stopInstance's result is empty
  stopInstance: () => ({ instanceId: 'i-x' }),
} satisfies HandlerShare;

// Input is typed: the body's fields are the document's, with their types.
function readsTypedInput(ctx: OperationContext<'importKeypair'>): string {
  // @ts-expect-error the body has keyName, not keyNme
  const misspelledField: unknown = ctx.params.body.keyNme;
  void misspelledField;
  // @ts-expect-error publicKey is a string, not a number
  const wrongType: number = ctx.params.body.publicKey;
  void wrongType;
  return ctx.params.body.keyName;
}

// The examples exist for the type checker only.
void [incomplete, misspelled, wrongResult, resultForNone, readsTypedInput, _left];

describe('the typed handler table', () => {
  it('registers a handler for every operation of the bundle, and only those', () => {
    const spec = new SpecIndex(loadSpec(undefined).document);
    const registry = defaultRegistry();
    expect(registry.unimplemented(spec)).toEqual([]);
    // Every kind the extensions name (entries of also, links) is registered, with its links.
    expect(registry.problems(spec)).toEqual([]);
    expect(registry.operationIds().sort()).toEqual([...spec.operations.keys()].sort());
    expect(EVERY_OPERATION_HANDLED).toBe(true);
  });

  it('is the table the client is generated with', () => {
    const ids = Object.keys(vmOperations) as VmOperationId[];
    expect(Object.keys(complete).sort()).toEqual([...ids].sort());
    expect(DOMAIN_MODULES.flatMap((m) => Object.keys(m.handlers)).sort()).toEqual([...ids].sort());
  });
});
