// Every answer example of JD Cloud's own pages (返回示例) validates against its operation's 200
// schema: the document must never reject what the service returns. The pages live in the
// reference pack beside the repository; a user's clone has no pack, so the test is skipped there
// with the reason, and fails in CI, where the pack must be present.
import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle, responseSchemaPointer } from '../lib/index.js';
import { pageAnswerExamples, pagesAvailable, referenceRoot } from '../lib/page-examples.mjs';
import { schemaValidator } from '../lib/validate.js';

const available = pagesAvailable();
const missing = `the reference pack is not beside the repository (${referenceRoot}): the page examples cannot be checked`;
if (!available) {
  if (process.env.CI) throw new Error(`${missing}, and CI must check them`);
  console.warn(`skipped: ${missing}`);
}

describe.skipIf(!available)('answer examples of the official pages', () => {
  const doc = loadBundle();
  const validator = schemaValidator(doc);
  const byId = new Map(listOperations(doc).map((entry) => [entry.operationId, entry]));
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
      const pointer = responseSchemaPointer(doc, entry, 200);
      const validate = pointer ? validator(pointer) : undefined;
      if (validate?.(value)) passed += 1;
      else failures.push(`${example.file}#${example.index}: ${validate ? JSON.stringify(validate.errors) : 'no JSON 200 answer'}`);
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
