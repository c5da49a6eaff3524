export const typesFile: string;
export function renderExtensionTypes(schema?: object): string;
