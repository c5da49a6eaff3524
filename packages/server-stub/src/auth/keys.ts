// Accounts as JD Cloud has them: a user PIN, and the access keys that sign for it. The store keeps
// state per PIN, so every key of an account sees the same resources. `--account PIN=AK:SK[,AK:SK]`
// names them; `--access-key AK:SK` is short for an account whose PIN is the access key id (state
// files written before accounts had PINs are keyed by it, and keep working). No access key at all
// = open mode: every request acts on the default account.
import type { Authenticator } from './verify.js';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Account {
  /** The user PIN: the name other accounts share images with, and the key of its state. */
  pin: string;
  /** The keys that sign for it; none = it exists (images can be shared with it) but cannot call. */
  accessKeys: ReadonlyArray<string | AccessKey>;
}

/** An account with its keys parsed. */
export interface ResolvedAccount {
  pin: string;
  accessKeys: AccessKey[];
}

/** The account that open mode (no access key) acts on; also its PIN. */
export const DEFAULT_ACCOUNT = 'default';

/**
 * A user PIN the stub takes: 1 to 128 characters, none of them blank, a control character or one
 * of `/ , ; =` (which separate the CLI's lists). JD Cloud states no form; this refuses only what
 * could not be written on the command line or in a path.
 */
export function isWellFormedPin(pin: string): boolean {
  return /^[^\s\p{C}/,;=]{1,128}$/u.test(pin);
}

/** Parses `AK:SK` (the secret may itself contain ':'). Throws with a message meant for the CLI. */
export function parseAccessKey(text: string, option = '--access-key'): AccessKey {
  const i = text.indexOf(':');
  const accessKeyId = i === -1 ? '' : text.slice(0, i).trim();
  const secretAccessKey = i === -1 ? '' : text.slice(i + 1).trim();
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`${option} expects ACCESS_KEY_ID:SECRET_ACCESS_KEY, got "${text}"`);
  }
  if (!/^[\x21-\x7e]+$/.test(accessKeyId) || accessKeyId.includes('/') || accessKeyId.includes(',')) {
    throw new Error(`${option}: the access key id "${accessKeyId}" may not contain spaces, "/" or ","`);
  }
  return { accessKeyId, secretAccessKey };
}

/** Parses `PIN=AK:SK[,AK2:SK2...]`, or a bare `PIN` (an account without keys). */
export function parseAccount(text: string): Account {
  const eq = text.indexOf('=');
  const pin = (eq === -1 ? text : text.slice(0, eq)).trim();
  if (!isWellFormedPin(pin)) {
    throw new Error(`--account expects PIN=ACCESS_KEY_ID:SECRET_ACCESS_KEY[,...]; "${pin}" is not a usable PIN (1 to 128 characters, no spaces, "/", ",", ";" or "=")`);
  }
  const keys = eq === -1 ? [] : text.slice(eq + 1).split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (eq !== -1 && keys.length === 0) throw new Error(`--account ${pin}= names no access key`);
  return { pin, accessKeys: keys.map((k) => parseAccessKey(k, '--account')) };
}

/**
 * The accounts of `accounts` and `accessKeys` (each key there its own account, PIN = key id),
 * merged by PIN. Throws when an access key id is given twice with different secrets or for two
 * accounts.
 */
export function resolveAccounts(
  accounts: ReadonlyArray<string | Account> | undefined,
  accessKeys: ReadonlyArray<string | AccessKey> | undefined,
): ResolvedAccount[] {
  const byPin = new Map<string, ResolvedAccount>();
  const owner = new Map<string, { pin: string; key: AccessKey }>();
  const add = (pin: string, keys: ReadonlyArray<string | AccessKey>) => {
    if (!isWellFormedPin(pin)) throw new Error(`the account PIN "${pin}" is not usable (1 to 128 characters, no spaces, "/", ",", ";" or "=")`);
    let account = byPin.get(pin);
    if (!account) byPin.set(pin, (account = { pin, accessKeys: [] }));
    for (const given of keys) {
      const key = typeof given === 'string' ? parseAccessKey(given) : given;
      const seen = owner.get(key.accessKeyId);
      if (seen && seen.key.secretAccessKey !== key.secretAccessKey) {
        throw new Error(`the access key ${key.accessKeyId} is given twice with different secrets`);
      }
      if (seen && seen.pin !== pin) {
        throw new Error(`the access key ${key.accessKeyId} is given for two accounts, "${seen.pin}" and "${pin}"`);
      }
      if (seen) continue;
      owner.set(key.accessKeyId, { pin, key });
      account.accessKeys.push(key);
    }
  };
  for (const given of accounts ?? []) {
    const account = typeof given === 'string' ? parseAccount(given) : given;
    add(account.pin, account.accessKeys);
  }
  for (const given of accessKeys ?? []) {
    const key = typeof given === 'string' ? parseAccessKey(given) : given;
    // A key already given with an account belongs to it; any other is an account of its own.
    add(owner.get(key.accessKeyId)?.pin ?? key.accessKeyId, [key]);
  }
  return [...byPin.values()];
}

/** Every access key of the accounts. */
export function accessKeysOf(accounts: readonly ResolvedAccount[]): AccessKey[] {
  return accounts.flatMap((account) => account.accessKeys);
}

/**
 * The PINs that exist: the accounts', plus the default account's in open mode (no access key),
 * where every request acts on it.
 */
export function pinsOf(accounts: readonly ResolvedAccount[]): string[] {
  const pins = accounts.map((account) => account.pin);
  return accessKeysOf(accounts).length > 0 || pins.includes(DEFAULT_ACCOUNT) ? pins : [DEFAULT_ACCOUNT, ...pins];
}

/** The authenticator answering with the PIN of the account whose access key signed the request. */
export function byPin(authenticator: Authenticator, accounts: readonly ResolvedAccount[]): Authenticator {
  const pinOf = new Map(accounts.flatMap((account) => account.accessKeys.map((key) => [key.accessKeyId, account.pin] as const)));
  if ([...pinOf].every(([id, pin]) => id === pin)) return authenticator;
  return {
    enforcing: authenticator.enforcing,
    authenticate: (request) => authenticator.authenticate(request).then((id) => pinOf.get(id) ?? id),
  };
}
