// control-api.yaml: the control API's own OpenAPI document. It routes the control requests (a
// SpecIndex, as the API's document routes the API's), checks their query and body (ajv, with the
// same settings as the API's answers), and every answer is checked against it before it is sent
// (./response-validation's ResponseValidator), so the document cannot drift from the code.
// Loaded on the first control request: parsing YAML costs ~30 ms the API's start-up need not pay.
import { Ajv, type ValidateFunction } from 'ajv';
import { CONTROL_DOCUMENT_URL, controlDocumentSource } from '../assets.js';
import { invalidArgument } from '../http/errors.js';
import { ResponseValidator } from '../http/response-validation.js';
import { SpecIndex, inlineRefs, resolveRef } from '../spec/index.js';
import type { OpenApiDocument, OperationSpec } from '../spec/types.js';

type Schema = Record<string, unknown>;

/** Where the document is: the package root, or beside the stand-alone bundle (src/assets.ts). */
export { CONTROL_DOCUMENT_URL };

interface RequestChecks {
  path: ValidateFunction;
  query: ValidateFunction;
  queryNames: ReadonlySet<string>;
  body?: { check: ValidateFunction; fields: ReadonlySet<string>; required: boolean };
}

export class ControlDocument {
  readonly document: OpenApiDocument;
  readonly index: SpecIndex;
  private readonly inlined: OpenApiDocument;
  private readonly responses: ResponseValidator;
  private readonly ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
  private readonly coercing = new Ajv({ strict: false, allErrors: true, coerceTypes: true, unicodeRegExp: true });
  private readonly requests = new Map<string, RequestChecks>();
  private readonly schemas = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.document = document;
    this.index = new SpecIndex(document);
    this.inlined = inlineRefs(document) ?? document;
    this.responses = new ResponseValidator(document);
    for (const format of ['date-time']) {
      this.ajv.addFormat(format, true);
      this.coercing.addFormat(format, true);
    }
  }

  static load(): ControlDocument {
    return new ControlDocument(controlDocumentSource() as OpenApiDocument);
  }

  /** The query as typed values; throws a 400 ApiError when the path, the query or the body is not what the document says. */
  checkRequest(operation: OperationSpec, path: Record<string, string>, search: URLSearchParams, body: unknown): Record<string, unknown> {
    const checks = this.requestChecks(operation);
    if (!checks.path(path)) throw invalidArgument(`Invalid path: ${describeErrors(checks.path, 'path')}.`);
    const query: Record<string, unknown> = {};
    for (const [name, value] of search) {
      if (!checks.queryNames.has(name)) {
        throw invalidArgument(`Unknown query parameter '${name}' for ${operation.operationId}; known: ${[...checks.queryNames].join(', ') || 'none'}.`);
      }
      if (name in query) throw invalidArgument(`Query parameter '${name}' is given twice.`);
      query[name] = value;
    }
    if (!checks.query(query)) throw invalidArgument(`Invalid query: ${describeErrors(checks.query, 'query')}.`);
    if (checks.body) {
      if (body === undefined) {
        if (checks.body.required) throw invalidArgument(`${operation.operationId} needs a JSON body.`);
      } else {
        this.checkBody(checks.body, body);
      }
    } else if (body !== undefined) {
      throw invalidArgument(`${operation.operationId} takes no body.`);
    }
    return query;
  }

  /** Undefined when `value` is a valid `components.schemas[name]` request value; else what is wrong. */
  checkSchema(name: string, value: unknown): string | undefined {
    let check = this.schemas.get(name);
    if (!check) {
      check = this.ajv.compile(this.schema({ $ref: `#/components/schemas/${name}` }));
      this.schemas.set(name, check);
    }
    try {
      this.checkBody({ check, fields: fieldsOf(this.schema({ $ref: `#/components/schemas/${name}` })), required: true }, value);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** Undefined when `body` is a documented answer of `operation` with `status`; else what is wrong. */
  checkResponse(operation: OperationSpec, status: number, body: unknown): string | undefined {
    return this.responses.check(operation, status, body);
  }

  private checkBody(checks: NonNullable<RequestChecks['body']>, body: unknown): void {
    if (!checks.check(body)) throw invalidArgument(`Invalid body: ${describeErrors(checks.check, 'body')}.`);
    // Request bodies are closed: a misspelt field is an error here, not a silent no-op (this is a
    // test tool's own API, not JD Cloud's, so no official client's habits are at stake).
    if (checks.fields.size > 0 && body && typeof body === 'object' && !Array.isArray(body)) {
      const unknown = Object.keys(body).filter((key) => !checks.fields.has(key));
      if (unknown.length > 0) {
        throw invalidArgument(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; known: ${[...checks.fields].join(', ')}.`);
      }
    }
  }

  private schema(node: unknown): Schema {
    return resolveRef<Schema>(this.inlined, node);
  }

  private requestChecks(operation: OperationSpec): RequestChecks {
    let checks = this.requests.get(operation.operationId);
    if (checks) return checks;
    const objectOf = (where: string) => {
      const params = operation.parameters.filter((p) => p.in === where);
      return {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
        required: params.filter((p) => p.required).map((p) => p.name),
      };
    };
    const queryParams = operation.parameters.filter((p) => p.in === 'query');
    checks = {
      path: this.ajv.compile(objectOf('path')),
      query: this.coercing.compile(objectOf('query')),
      queryNames: new Set(queryParams.map((p) => p.name)),
    };
    const requestBody = operation.raw.requestBody as Schema | undefined;
    if (requestBody) {
      const resolved = this.schema(requestBody);
      const content = resolved.content as Record<string, { schema?: Schema }> | undefined;
      const schema = this.schema(content?.['application/json']?.schema ?? {});
      checks.body = { check: this.ajv.compile(schema), fields: fieldsOf(schema), required: resolved.required === true };
    }
    this.requests.set(operation.operationId, checks);
    return checks;
  }
}

/** The property names a body schema lists (through allOf), empty for a schema that lists none. */
function fieldsOf(schema: Schema): ReadonlySet<string> {
  const names = new Set(Object.keys((schema.properties as Schema | undefined) ?? {}));
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) for (const name of fieldsOf(part)) names.add(name);
  return names;
}

function describeErrors(check: ValidateFunction, root: string): string {
  return (check.errors ?? [])
    .map((e) => {
      const where = e.instancePath ? `${root}${e.instancePath.replace(/\//g, '.')}` : root;
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}
