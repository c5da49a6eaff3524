import type { OpenApiDocument } from './analysis.mjs';
export type Schema = Record<string, any>;
export function allOfParts(doc: OpenApiDocument, schema: unknown): Schema[];
export function composedObject(doc: OpenApiDocument, schema: unknown): { properties: Record<string, Schema>; required: string[] };
export function resultSchema(doc: OpenApiDocument, operation: Record<string, any>): Schema | undefined;
