// Fault rules (`POST /_stub/faults`, `stub.faults.add`): make matching API requests fail the way
// JD Cloud fails: an error envelope with a given status (and Retry-After), a late answer, a
// dropped connection, or an instance that goes to `error`. A rule matches by operationId (or "*")
// and, optionally, the account; `times` or `probability` limit it. The first matching rule that
// is still armed decides; a fault never changes state, except `instanceError`.
//
// The shape of a rule is checked against control-api.yaml before it gets here; this module adds
// what a schema cannot say (which operations and accounts exist, which fields go together).

export interface FaultRuleInput {
  /** An operationId of the API document, or "*" for every operation. */
  operationId: string;
  /** Only requests of this account (PIN). */
  account?: string;
  /** Only the next N matching requests (default: every one until removed). */
  times?: number;
  /** Each matching request fails with this probability (0 < p <= 1), instead of `times`. */
  probability?: number;
  /** Answer with this HTTP status and the JD Cloud error envelope. */
  status?: number;
  /** `error.status` of the envelope; by default the canonical one of `status` (503 → UNAVAILABLE). */
  errorStatus?: string;
  message?: string;
  /** Adds `Retry-After: N` to the error answer. */
  retryAfterSeconds?: number;
  /** Answer this much later (normally, or with the rule's error or drop). */
  delayMs?: number;
  /** Close the connection without an answer. */
  drop?: boolean;
  /** Put this instance (of the request's account) in `error`, then handle the request normally. */
  instanceError?: string;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Requests the rule decided so far. */
  hits: number;
  /** With `times`: how many more requests it will decide. */
  remaining?: number;
}

/** What the pipeline does with a request a rule matched. */
export interface FaultDecision {
  rule: FaultRule;
  delayMs: number;
  effect:
    | { kind: 'none' }
    | { kind: 'drop' }
    | { kind: 'error'; status: number; errorStatus: string; message: string; headers: Record<string, string> }
    | { kind: 'instanceError'; instanceId: string };
}

export class FaultInputError extends Error {}

/**
 * `error.status` when a rule gives none. JD Cloud's error classes are gRPC's canonical codes
 * (INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ... in its pages); the ones its pages do
 * not show for a status are those codes' usual pairing (an inference, said so in the README).
 */
const CANONICAL: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function defaultErrorStatus(status: number): string {
  return CANONICAL[status] ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN');
}

export interface FaultContext {
  /** The operationIds of the API document. */
  operationIds: ReadonlySet<string>;
  /** The PINs of the accounts that exist. */
  accounts: () => readonly string[];
  random?: () => number;
}

export class FaultRules {
  private rules: FaultRule[] = [];
  private next = 1;

  constructor(private readonly context: FaultContext) {}

  /** Adds a rule whose shape is already checked; throws FaultInputError when its fields do not go together. */
  add(input: FaultRuleInput): FaultRule {
    const { operationId, account, times, probability, status, drop, instanceError, delayMs } = input;
    if (operationId !== '*' && !this.context.operationIds.has(operationId)) {
      throw new FaultInputError(`operationId '${operationId}' is not an operation of the API document (or "*").`);
    }
    if (account !== undefined && !this.context.accounts().includes(account)) {
      throw new FaultInputError(`account '${account}' is not an account of this stub (${this.context.accounts().join(', ')}).`);
    }
    if (times !== undefined && probability !== undefined) throw new FaultInputError('Give "times" or "probability", not both.');
    if (probability !== undefined && !(probability > 0 && probability <= 1)) throw new FaultInputError('"probability" must be above 0 and at most 1.');
    const effects = [status !== undefined && 'status', drop === true && 'drop', instanceError !== undefined && 'instanceError'].filter(Boolean);
    if (effects.length > 1) throw new FaultInputError(`A rule has one effect: ${effects.join(', ')} do not go together.`);
    if (effects.length === 0 && delayMs === undefined) {
      throw new FaultInputError('A rule needs an effect: "status", "drop", "instanceError" or "delayMs".');
    }
    for (const field of ['errorStatus', 'message', 'retryAfterSeconds'] as const) {
      if (input[field] !== undefined && status === undefined) throw new FaultInputError(`"${field}" goes with "status".`);
    }
    const rule: FaultRule = { id: `fault-${this.next++}`, ...input, hits: 0 };
    if (times !== undefined) rule.remaining = times;
    this.rules.push(rule);
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  /**
   * Removes every rule (those naming `account` when it is given); returns how many. Removing them
   * all restarts the ids at fault-1, so a suite that resets between tests sees the same ids.
   */
  clear(account?: string): number {
    const before = this.rules.length;
    this.rules = account === undefined ? [] : this.rules.filter((r) => r.account !== account);
    if (account === undefined) this.next = 1;
    return before - this.rules.length;
  }

  /**
   * The decision for a request, if a rule takes it; the rule's hit is counted. `canApply` lets the
   * caller pass over an instanceError rule whose instance is not (yet) there: it stays armed.
   */
  decide(operationId: string, account: string, canApply: (rule: FaultRule) => boolean): FaultDecision | undefined {
    const random = this.context.random ?? Math.random;
    for (const rule of this.rules) {
      if (rule.operationId !== '*' && rule.operationId !== operationId) continue;
      if (rule.account !== undefined && rule.account !== account) continue;
      if (rule.remaining !== undefined && rule.remaining <= 0) continue;
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      if (!canApply(rule)) continue;
      rule.hits += 1;
      if (rule.remaining !== undefined) rule.remaining -= 1;
      return { rule: { ...rule }, delayMs: rule.delayMs ?? 0, effect: effectOf(rule) };
    }
    return undefined;
  }
}

function effectOf(rule: FaultRule): FaultDecision['effect'] {
  if (rule.drop) return { kind: 'drop' };
  if (rule.instanceError !== undefined) return { kind: 'instanceError', instanceId: rule.instanceError };
  if (rule.status === undefined) return { kind: 'none' };
  const errorStatus = rule.errorStatus ?? defaultErrorStatus(rule.status);
  return {
    kind: 'error',
    status: rule.status,
    errorStatus,
    message: rule.message ?? `Injected fault ${rule.id}: ${errorStatus}.`,
    headers: rule.retryAfterSeconds !== undefined ? { 'Retry-After': String(rule.retryAfterSeconds) } : {},
  };
}
