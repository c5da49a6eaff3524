import type { ValidateFunction } from 'ajv';

/** A function from a JSON pointer of `doc` (`#/components/schemas/Instance`) to ajv's compiled validator of it. */
export function schemaValidator(doc: object): (pointer: string) => ValidateFunction;
