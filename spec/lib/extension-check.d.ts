/** Whether `name` is an extension the schema defines. */
export function isKnownExtension(name: string): boolean;
/** What is wrong with `value` as extension `name` on a node of Redocly type `on`; empty when nothing. */
export function extensionProblems(name: string, value: unknown, on?: 'Operation' | 'Parameter' | 'Schema'): string[];
