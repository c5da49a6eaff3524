// Every answer example of JD Cloud's own pages (返回示例) validates against its operation's 200
// schema: the document must never reject what the service returns. The pages live in the
// reference pack beside the repository; a user's clone has no pack, so the test is skipped there
// with the reason, and fails in CI, where the pack must be present.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle } from '../lib/analysis.mjs';
import { pageAnswerExamples, pagesAvailable, referenceRoot } from '../lib/page-examples.mjs';

const available = pagesAvailable();
const missing = `the reference pack is not beside the repository (${referenceRoot}): the page examples cannot be checked`;
if (!available) {
  if (process.env.CI) throw new Error(`${missing}, and CI must check them`);
  console.warn(`skipped: ${missing}`);
}

describe.skipIf(!available)('answer examples of the official pages', () => {
  const doc = loadBundle();
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addSchema(doc as object, 'openapi.json');
  const byId = new Map(listOperations(doc).map((entry) => [entry.operationId, entry]));
  const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  const examples = available ? pageAnswerExamples() : [];

  it('every answer block of the pages parses as JSON', () => {
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.filter((e) => 'error' in e).map((e) => `${e.file}#${e.index}: ${e.error}`)).toEqual([]);
  });

  it('every answer example of an operation of the document validates against its 200 schema', () => {
    const failures: string[] = [];
    const outside: string[] = [];
    const unwrapped: string[] = [];
    let passed = 0;
    for (const example of examples) {
      if (!('value' in example)) continue;
      const entry = byId.get(example.operationId);
      if (!entry) {
        outside.push(example.operationId);
        continue;
      }
      // Two pages (importImage, createInstanceTemplate) print the result without the envelope;
      // envelope.md and the SDK models say the service wraps it, so it is checked wrapped.
      let value = example.value as Record<string, unknown>;
      if (value && typeof value === 'object' && !('requestId' in value)) {
        unwrapped.push(example.operationId);
        value = { requestId: 'c2hmmaan8w06w19qcdfuic4w03f7ft2d', result: value };
      }
      const pointer = `openapi.json#/paths/${escape(entry.path)}/${entry.method.toLowerCase()}/responses/200/content/application~1json/schema`;
      const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
      if (validate(value)) passed += 1;
      else failures.push(`${example.file}#${example.index}: ${ajv.errorsText(validate.errors)}`);
    }
    const checked = passed + failures.length;
    console.log(
      `page answer examples: ${passed}/${checked} validate` +
        (unwrapped.length ? `; checked inside the envelope the page leaves out: ${unwrapped.join(', ')}` : '') +
        (outside.length ? `; not operations of the document: ${outside.join(', ')}` : ''),
    );
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });
});
