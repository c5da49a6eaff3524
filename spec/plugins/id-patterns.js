// The only `pattern` the document may carry. No source states a pattern for any field: JD Cloud
// describes the allowed characters in prose, and its pages show masked ids such as `i-p3****eu`.
// Routing is the one exception: in `/instances/{instanceId}:stopInstance` an id must not swallow
// the `:` that starts the custom method (nor a `/`), or `GET /instances/i-abc:unknown` would reach
// describeInstance with the id `i-abc:unknown` instead of failing.
export const PATH_ID_PATTERN = '^[^:/]+$';

/** Path parameters that a custom method follows (`{name}:action`) in at least one path. */
export function routedPathIds(paths) {
  const names = new Set();
  for (const path of Object.keys(paths ?? {})) {
    for (const match of path.matchAll(/\{([^{}]+)\}:/g)) names.add(match[1]);
  }
  return names;
}
