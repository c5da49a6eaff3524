// Where two texts first differ, for the checks that compare a committed file with a fresh one.

/** `line N: committed "…" / fresh "…"`, or undefined when the texts are equal. */
export function firstDifference(committed, fresh) {
  if (committed === fresh) return undefined;
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}: committed ${JSON.stringify(a[at]?.trim())} / fresh ${JSON.stringify(b[at]?.trim())}`;
}
