/** One row of the generated operation table (src/generated/operations.ts). */
export interface OperationSpec {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path template under the base path, e.g. `/regions/{regionId}/instances/{instanceId}:stopInstance`. */
  readonly path: string;
  /** Path parameters, in the order they appear in the path. */
  readonly pathParams: readonly string[];
  /** Query parameters, in the order the document lists them. */
  readonly query?: readonly string[];
  /** Query parameters sent as 1-based indexed keys (`x-jdcloud-encoding: indexed`). */
  readonly indexed?: readonly string[];
  /** Whether the operation declares a JSON request body; every parameter not in the path or query goes there. */
  readonly body?: boolean;
  /** Whether the body takes an idempotency `clientToken` (the client generates one when none is given). */
  readonly clientToken?: boolean;
  /** Result fields of a paged operation (`x-jdcloud-pagination`). */
  readonly pagination?: { readonly items: string; readonly total: string };
}
