import type { OpenApiDocument, OperationEntry } from './index.js';

export function declaredParameters(doc: OpenApiDocument, entry: OperationEntry): { path: string[]; query: string[]; body: string[] };
export function parameterCoverage(doc: OpenApiDocument, reference?: unknown): { expected: number; found: number; missing: string[] };
export function sdkOperationCoverage(doc: OpenApiDocument, reference?: unknown): { total: number; present: string[]; missing: string[] };
export function twinReport(doc: OpenApiDocument): { total: number; twinned: number; missing: string[] };
