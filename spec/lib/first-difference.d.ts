/** `line N: committed "…" / fresh "…"`, or undefined when the texts are equal. */
export function firstDifference(committed: string, fresh: string): string | undefined;
