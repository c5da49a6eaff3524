// Checks the image operations share: names, descriptions, account pins, object-storage
// addresses, and what an image carries (data disks, encrypted snapshots).
import { isWellFormedPin } from '../../auth/keys.js';
import { conflict, failedPrecondition, invalidArgument } from '../../http/errors.js';
import type { ContextWithBody, ContextWithPath, HandlerContext } from '../types.js';
import { type ImageRecord } from './lookup.js';

/** The caller's own image of the path (the preconditions made sure it is one). */
export function ownImage(ctx: ContextWithPath<'imageId'>): ImageRecord {
  return ownImageById(ctx, ctx.params.path.imageId);
}

/** The caller's own image `imageId`, a copy (the preconditions made sure it is one). */
export function ownImageById(ctx: HandlerContext, imageId: string): ImageRecord {
  const record = ctx.store.images.get(imageId);
  // Unreachable after `imageSources: [private]`; kept as a guard against a foreign record.
  if (!record) throw failedPrecondition(`Image '${imageId}' is not one of your private images.`);
  return record;
}

const HAN_LETTERS_DIGITS = '\\p{Script=Han}A-Za-z0-9_\\-';

/**
 * createImage / copyImages names: Chinese characters, letters, digits, `_`, `-` and `.`
 * (the lengths are checked by the document).
 */
export function checkImageName(value: unknown, field: string): string {
  const name = String(value);
  if (!new RegExp(`^[${HAN_LETTERS_DIGITS}.]+$`, 'u').test(name)) {
    throw invalidArgument(
      `${field} '${name}' may only contain Chinese characters, letters, digits, '_', '-' and '.'.`,
    );
  }
  return name;
}

/** The general naming rule (modifyImageAttribute, importImage): 1 to 32 of Chinese, letters, digits, `_`, `-`. */
export function checkGeneralName(value: unknown, field: string): string {
  const name = String(value);
  if (name.length === 0 || [...name].length > 32) {
    throw invalidArgument(`${field} must be 1 to 32 characters long, got ${[...name].length}.`);
  }
  if (!new RegExp(`^[${HAN_LETTERS_DIGITS}]+$`, 'u').test(name)) {
    throw invalidArgument(`${field} '${name}' may only contain Chinese characters, letters, digits, '_' and '-'.`);
  }
  return name;
}

/** Descriptions: any characters, at most 256. */
export function checkDescription(value: unknown, field = 'description'): string {
  const text = String(value);
  if ([...text].length > 256) throw invalidArgument(`${field} may have at most 256 characters, got ${[...text].length}.`);
  return text;
}

/** An image with data disks is a whole-machine image. */
export const isWholeMachine = (image: ImageRecord): boolean => (image.dataDisks?.length ?? 0) > 0;

/** Whether any snapshot of the image (system or data disk) is encrypted. */
export function hasEncryptedSnapshot(image: ImageRecord): boolean {
  if (image.systemDisk?.cloudDisk?.encrypted) return true;
  return (image.dataDisks ?? []).some((disk) => disk.cloudDisk?.encrypted === true);
}

/** FAILED_PRECONDITION unless the image has a cloud system disk. */
export function requireCloudDisk(image: ImageRecord, what: string): void {
  if (image.rootDeviceType !== 'cloudDisk') {
    throw failedPrecondition(
      `Image '${image.imageId}' has a local system disk (rootDeviceType ${String(image.rootDeviceType)}); only cloudDisk images can be ${what}.`,
    );
  }
}

/** FAILED_PRECONDITION when the image has an encrypted snapshot. */
export function requireUnencrypted(image: ImageRecord, what: string): void {
  if (hasEncryptedSnapshot(image)) {
    throw failedPrecondition(`Image '${image.imageId}' has an encrypted snapshot and cannot be ${what}.`);
  }
}

// --- accounts -------------------------------------------------------------------------------

/**
 * The accounts named by `pins` and `loginNames` (in the stub an account's login name is its user
 * PIN), de-duplicated, in order. INVALID_ARGUMENT when none is given; FAILED_PRECONDITION
 * `Invalid pin 'x'` for one that cannot be a PIN and `Pin 'x' not found` for one no account has,
 * as the shareImage and unShareImage pages write them.
 */
export function accountsOf(ctx: ContextWithBody<{ pins?: string[]; loginNames?: string[] }>): string[] {
  const pins = ctx.params.body.pins ?? [];
  const loginNames = ctx.params.body.loginNames ?? [];
  if (pins.length + loginNames.length === 0) {
    throw invalidArgument('Name at least one account in pins or loginNames.');
  }
  const known = ctx.accounts;
  const out: string[] = [];
  for (const value of [...pins, ...loginNames]) {
    if (!isWellFormedPin(value)) throw failedPrecondition(`Invalid pin '${value}'`);
    if (known && !known.includes(value)) throw failedPrecondition(`Pin '${value}' not found`);
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

// --- object storage -------------------------------------------------------------------------

/** The region named in an object-storage address (`bucket.s3.cn-north-1.jdcloud-oss.com`), if any. */
export function regionOfUrl(url: URL): string | undefined {
  return url.hostname.split('.').find((label) => /^[a-z]{2}-[a-z]+-[0-9]+$/.test(label));
}

/**
 * Parses an object-storage address: INVALID_ARGUMENT when it is not an http(s) URL (https only
 * when `httpsOnly`), CONFLICT when it is in another region than the call.
 */
export function checkStorageUrl(ctx: HandlerContext, value: unknown, field: string, httpsOnly = false): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalidArgument(`${field} '${String(value)}' is not a valid address.`);
  }
  const schemes = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(url.protocol) || url.hostname === '') {
    throw invalidArgument(`${field} must be an ${httpsOnly ? 'https://' : 'http(s)://'} address, got '${String(value)}'.`);
  }
  const region = regionOfUrl(url);
  if (region !== undefined && region !== ctx.region) {
    throw conflict(`${field} is in region ${region}; it must be in ${ctx.region}, the region of the call.`);
  }
  return url;
}
