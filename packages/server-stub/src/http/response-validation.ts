// Every answer the stub gives after a request passed validation is checked against the schema the
// document gives for that operation and status, before it is sent (a mismatch is the stub's bug:
// 500 INTERNAL, the details in the log).
//
// This used to be express-openapi-validator's response validator. It wraps `res.json` on every
// request and, on every answer, copies the response headers, parses the request's and the
// response's content types with two parsers and builds a cache key: ~45 µs per answer on the bench
// machine, while the ajv function it ends up calling takes ~2 µs for a describeInstance answer.
// Same checks here (status, then `4XX`, then `default`; a documented status without content must
// have no body), with the validator's ajv settings for OpenAPI 3.0, compiled once per operation
// and status on first use. Nothing is prepared at start: the first answer of each operation and
// status inlines the `$ref`s of its own schema and compiles it (the start-up and the first request
// are timed: test/perf-startup.test.ts, bench/).
import { Ajv, type ValidateFunction } from 'ajv';
import { inlineRefsIn, resolveRef } from '../spec/index.js';
import type { OpenApiDocument, OperationSpec } from '../spec/types.js';

type Schema = Record<string, unknown>;

/** A compiled check, or `null` for a documented status that has no JSON body. */
type Check = ValidateFunction | null;

// The numeric formats of OpenAPI 3.0 (as express-openapi-validator defines them); the others pass.
const MAX_INT32 = 2 ** 31 - 1;
const MAX_FLOAT = (2 - 2 ** -23) * 2 ** 127;
const MIN_POSITIVE_FLOAT = 2 ** -126;
const FORMATS = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n <= MAX_INT32 && n >= -MAX_INT32 - 1 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63 },
  float: {
    type: 'number',
    validate: (n: number) => n === 0 || (Math.abs(n) >= MIN_POSITIVE_FLOAT && Math.abs(n) <= MAX_FLOAT),
  },
  double: { type: 'number', validate: () => true },
} as const;

export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly checks = new Map<string, Check>();

  constructor(private readonly document: OpenApiDocument) {
    // strict: false, as the document carries OpenAPI keywords (example, nullable, x-…) ajv does not
    // know. validateSchema: false as in express-openapi-validator's own ajv instances: checking
    // every schema against the JSON Schema meta-schema first (compiling that, ~20 ms, on the first
    // answer) is the document's check (the spec package's lint; validateApiSpec for a document
    // given with `spec`), not each answer's.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: true, validateSchema: false });
    for (const [name, format] of Object.entries(FORMATS)) this.ajv.addFormat(name, format);
    for (const name of ['byte', 'binary', 'password', 'date-time', 'date', 'uri', 'email']) this.ajv.addFormat(name, true);
  }

  /** Undefined when `body` is a valid answer of `operation` with `status`; otherwise what is wrong. */
  check(operation: OperationSpec, status: number, body: unknown): string | undefined {
    const key = `${operation.operationId} ${status}`;
    let check = this.checks.get(key);
    if (check === undefined) {
      const compiled = this.compile(operation, status);
      if (typeof compiled === 'string') return compiled;
      check = compiled;
      this.checks.set(key, check);
    }
    if (check === null) return body === undefined ? undefined : 'the document gives this answer no body';
    if (check({ response: body })) return undefined;
    return (check.errors ?? []).map((e) => `${e.instancePath.slice(1) || 'response'} ${e.message ?? 'is invalid'}`).join('; ');
  }

  private compile(operation: OperationSpec, status: number): Check | string {
    const { operationId } = operation;
    const pathItem = resolveRef(this.document, this.document.paths[operation.path]) ?? {};
    const raw = resolveRef(this.document, pathItem[operation.method.toLowerCase()]) ?? {};
    const responses = (raw.responses ?? {}) as Record<string, Schema>;
    const found = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!found) return `the document gives ${operationId} no answer with status ${status}`;
    const response = resolveRef(this.document, found);
    const content = response.content as Record<string, { schema?: Schema }> | undefined;
    if (!content) return null;
    const json = Object.entries(content).find(([type]) => /^application\/([\w.+-]+\+)?json$/i.test(type));
    const schema = json?.[1].schema;
    if (!schema) return `the document gives ${operationId} ${status} no JSON body`;
    // $refs inlined (shared objects); when they cannot be (a cycle), the schema keeps them and
    // carries the components, so `#/components/…` resolves inside it.
    const inlined = inlineRefsIn(this.document, schema);
    return this.ajv.compile({
      type: 'object',
      properties: { response: inlined ?? schema },
      required: ['response'],
      ...(inlined ? {} : { components: this.document.components }),
    });
  }
}
