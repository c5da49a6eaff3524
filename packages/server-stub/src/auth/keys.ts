// --access-key AK:SK: each access key is one account. No keys = open mode (one default account).

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The account that open mode (no --access-key) acts on. */
export const DEFAULT_ACCOUNT = 'default';

/** Parses `AK:SK` (the secret may itself contain ':'). Throws with a message meant for the CLI. */
export function parseAccessKey(text: string): AccessKey {
  const i = text.indexOf(':');
  const accessKeyId = i === -1 ? '' : text.slice(0, i).trim();
  const secretAccessKey = i === -1 ? '' : text.slice(i + 1).trim();
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`--access-key expects ACCESS_KEY_ID:SECRET_ACCESS_KEY, got "${text}"`);
  }
  if (!/^[\x21-\x7e]+$/.test(accessKeyId) || accessKeyId.includes('/') || accessKeyId.includes(',')) {
    throw new Error(`--access-key: the access key id "${accessKeyId}" may not contain spaces, "/" or ","`);
  }
  return { accessKeyId, secretAccessKey };
}

export function normalizeAccessKeys(keys: ReadonlyArray<string | AccessKey> | undefined): AccessKey[] {
  const out = new Map<string, AccessKey>();
  for (const key of keys ?? []) {
    const parsed = typeof key === 'string' ? parseAccessKey(key) : key;
    const seen = out.get(parsed.accessKeyId);
    if (seen && seen.secretAccessKey !== parsed.secretAccessKey) {
      throw new Error(`--access-key ${parsed.accessKeyId} is given twice with different secrets`);
    }
    out.set(parsed.accessKeyId, parsed);
  }
  return [...out.values()];
}
