// Validates extension values against their JSON Schema (lib/extensions.js), for the lint rule
// `jdcloud/known-extensions` and test/extensions.test.ts. Kept out of the package's main entry so
// that readers of the document do not load ajv.
import Ajv from 'ajv';
import { EXTENSIONS, extensionSchema } from './extensions.js';

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(extensionSchema);
const validators = new Map();

/** Whether `name` is an extension of the schema. */
export function isKnownExtension(name) {
  return Object.hasOwn(EXTENSIONS, name);
}

/** What is wrong with `value` as the value of extension `name` on a node of Redocly type `on`; empty when nothing. */
export function extensionProblems(name, value, on) {
  const known = EXTENSIONS[name];
  if (!known) return [`Unknown extension \`${name}\` (known: ${Object.keys(EXTENSIONS).join(', ')})`];
  const problems = [];
  if (on !== undefined && known.on !== on) problems.push(`\`${name}\` belongs on ${known.on} objects, found on ${on}`);
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.getSchema(`${extensionSchema.$id}#/$defs/${known.definition}`);
    validators.set(name, validate);
  }
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const extra = error.params?.additionalProperty ?? error.params?.allowedValues;
      problems.push(`\`${name}\`${error.instancePath} ${error.message}${extra ? ` (${JSON.stringify(extra)})` : ''}`);
    }
  }
  return problems;
}
