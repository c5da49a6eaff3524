// Values against the document's own schemas, with ajv: the answers the contract and conformance
// suites receive, and the examples the spec's tests read. One set-up for all of them: the whole
// bundle added once (so `$ref`s resolve inside it), OpenAPI's numeric formats accepted as
// annotations, a validator per JSON pointer compiled once. Its own entry point
// (`@jdcloud-vm/spec/validate`), so the readers of the main one do not load ajv.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its plugin is the module itself and its `default`.
const addFormats = addFormatsModule.default ?? addFormatsModule;

/** A function from a JSON pointer of `doc` (`#/components/schemas/Instance`) to ajv's compiled validator of it. */
export function schemaValidator(doc) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addSchema(doc, 'openapi.json');
  const compiled = new Map();
  return (pointer) => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi.json${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate;
  };
}
