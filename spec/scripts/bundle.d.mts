export const BUNDLE_FILES: string[];
export function bundle(options?: { root?: string; out?: string; entry?: string }): number;
export function bundleDrift(options?: { root?: string; dist?: string }): string[];
export function compareBundles(committed: string, fresh: string): string[];
