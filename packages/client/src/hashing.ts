/**
 * The hashes JDCLOUD2- and JDCLOUD3-HMAC-SHA256 need, in two backends (internal: not a package export).
 *
 * Web Crypto runs everywhere, but in Node every `digest` and `sign` is an async job handed to the
 * libuv thread pool, and the round trips cost far more than the hashing (a verification measured
 * ~75 µs with Web Crypto, ~16 µs with node:crypto). So where Node's `node:crypto` is available the
 * same hashes run synchronously through it. It is reached with `process.getBuiltinModule`
 * (Node >= 20.16) rather than an import, so that bundlers see nothing to resolve and a browser
 * bundle carries no Node built-in; wherever that yields nothing, Web Crypto.
 */

/** The part of `node:crypto` used here (typed locally: the package builds without Node's types). */
interface NodeCrypto {
  /** One-shot digest (Node >= 20.12): no Hash object per call. */
  hash?(algorithm: 'sha256', data: string, outputEncoding: 'hex'): string;
  createHash(algorithm: 'sha256'): { update(text: string): { digest(encoding: 'hex'): string } };
  createHmac(algorithm: 'sha256', key: string | Uint8Array): {
    update(text: string): { digest(): Uint8Array; digest(encoding: 'hex'): string };
  };
}

/** Synchronous hashing, where the runtime has `node:crypto`. */
export interface SyncHashing {
  /** Hex SHA-256 of the UTF-8 bytes of `text`. */
  sha256Hex(text: string): string;
  /** Hex HMAC-SHA256 of the UTF-8 bytes of `data` with a raw key. */
  hmacHex(key: Uint8Array, data: string): string;
  /** The raw signing key of a version (see {@link deriveKey}). */
  deriveKey(secretAccessKey: string, day: string, regionId: string, service: string, version: string): Uint8Array;
}

/** The scope's last part and the key derivation's last step: `jdcloud2_request`, `jdcloud3_request`. */
export const terminatorOf = (version: string): string => `${version.toLowerCase()}_request`;
const encoder = /* @__PURE__ */ new TextEncoder();
export const HEX: string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

// undefined: not looked for yet; null: not there. Looked up on first use, so that importing the
// module does nothing (the package is side-effect free).
let nodeHashing: SyncHashing | null | undefined;
let webOnly = false;

function findNodeCrypto(): SyncHashing | null {
  let c: NodeCrypto | undefined;
  try {
    const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    c = process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  } catch {
    // A browser `process` shim may throw for what it cannot do (the npm `process` does for binding()).
  }
  if (!c?.createHmac) return null;
  const { createHash, createHmac, hash } = c;
  return {
    sha256Hex: hash ? (text) => hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text).digest('hex'),
    hmacHex: (key, data) => createHmac('sha256', key).update(data).digest('hex'),
    deriveKey(secretAccessKey, day, regionId, service, version) {
      let key: string | Uint8Array = version + secretAccessKey;
      for (const part of [day, regionId, service, terminatorOf(version)]) key = createHmac('sha256', key).update(part).digest();
      return key as Uint8Array;
    },
  };
}

/** The synchronous backend, or `undefined` where only Web Crypto exists (or the test hook asks for it). */
export function syncHashing(): SyncHashing | undefined {
  if (webOnly) return undefined;
  if (nodeHashing === undefined) nodeHashing = findNodeCrypto();
  return nodeHashing ?? undefined;
}

/**
 * Test hook, not part of the package's API: `true` sends every hash through Web Crypto even in
 * Node, so that the tests cover the browser's path too; `false` restores the automatic choice.
 */
export function useWebCryptoOnly(on: boolean): void {
  webOnly = on;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('JD Cloud signing needs Web Crypto (globalThis.crypto.subtle): Node 20+ or a browser in a secure context');
  return s;
}

/** Web Crypto: hex SHA-256 of the UTF-8 bytes of `text`. */
export async function webSha256Hex(text: string): Promise<string> {
  return hex(await subtle().digest('SHA-256', encoder.encode(text)));
}

async function hmacKey(key: BufferSource): Promise<CryptoKey> {
  return subtle().importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

async function hmac(key: CryptoKey, data: string): Promise<ArrayBuffer> {
  return subtle().sign('HMAC', key, encoder.encode(data));
}

/** Web Crypto: hex HMAC-SHA256 of the UTF-8 bytes of `data`. */
export async function webHmacHex(key: CryptoKey, data: string): Promise<string> {
  return hex(await hmac(key, data));
}

/**
 * Web Crypto: the signing key, kDate = HMAC(version + secret, YYYYMMDD) ("JDCLOUD2" or "JDCLOUD3"),
 * then HMAC with the region, the service and the terminator ("jdcloud2_request", ...) in turn.
 */
export async function deriveKey(
  secretAccessKey: string,
  day: string,
  regionId: string,
  service: string,
  version: string,
): Promise<CryptoKey> {
  let k = await hmacKey(encoder.encode(version + secretAccessKey));
  for (const part of [day, regionId, service, terminatorOf(version)]) k = await hmacKey(await hmac(k, part));
  return k;
}
