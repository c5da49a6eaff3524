export const specRoot: string;
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  operation: Record<string, any>;
  pathItem: Record<string, any>;
}
export function loadBundle(file?: string): OpenApiDocument;
export function loadFixture<T = any>(name: string): T;
export function listOperations(doc: OpenApiDocument): OperationEntry[];
export function declaredParameters(doc: OpenApiDocument, entry: OperationEntry): { path: string[]; query: string[]; body: string[] };
export function parameterCoverage(doc: OpenApiDocument, reference?: unknown): { expected: number; found: number; missing: string[] };
export function sdkOperationCoverage(doc: OpenApiDocument, reference?: unknown): { total: number; present: string[]; missing: string[] };
export function twinReport(doc: OpenApiDocument): { total: number; twinned: number; missing: string[] };
