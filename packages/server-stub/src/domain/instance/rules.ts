// The documented input rules of the Instance group that the document's schemas cannot express:
// names and `[start_number]` numbering, host names, passwords, disk sizes and device names, tags,
// launch scripts, IPv4 addresses. Each check throws the error the operation documents.
import { invalidArgument, outOfRange } from '../../http/errors.js';
import type { Metadata, Tag, Userdata } from './records.js';

// ---------------------------------------------------------------- names

const NAME_CHARS = /^[\p{Script=Han}A-Za-z0-9_.-]+$/u;
const NUMBER_TOKEN = /\[\d{1,4}\]/;

/** Checks one instance name: 2–128 characters of Chinese, letters, digits, `_`, `-`, `.`; no `.` at either end. */
export function checkInstanceName(name: string, field = 'name'): void {
  const length = [...name].length;
  if (length < 2 || length > 128) throw invalidArgument(`Invalid ${field} '${name}': it must be 2 to 128 characters.`);
  if (!NAME_CHARS.test(name)) {
    throw invalidArgument(
      `Invalid ${field} '${name}': only Chinese characters, letters, digits, '_', '-' and '.' are allowed.`,
    );
  }
  if (name.startsWith('.') || name.endsWith('.')) {
    throw invalidArgument(`Invalid ${field} '${name}': it may not begin or end with '.'.`);
  }
}

/**
 * The names of a batch of `count`, by index from 0: `[start_number]` (anywhere but at the start;
 * its digit count sets the width) numbers them, `web-[001]` → `web-001`, `web-002`, ... Without
 * it: `fallback` decides (`same`: every instance gets the name; `append`: 1, 2, ... appended when
 * there are several). A malformed pattern throws here, before any name is asked for.
 */
export function numberedNames(pattern: string, count: number, fallback: 'same' | 'append', field = 'name'): (index: number) => string {
  const match = NUMBER_TOKEN.exec(pattern);
  if (match) {
    if (match.index === 0) {
      throw invalidArgument(`Invalid ${field} '${pattern}': '[start_number]' may not be at the start.`);
    }
    const digits = match[0].slice(1, -1); // the token is `[digits]`
    const start = Number(digits);
    const before = pattern.slice(0, match.index);
    const after = pattern.slice(match.index + match[0].length);
    return (i) => `${before}${String(start + i).padStart(digits.length, '0')}${after}`;
  }
  if (fallback === 'append' && count > 1) return (i) => `${pattern}${i + 1}`;
  return () => pattern;
}

// ---------------------------------------------------------------- host names

export type OsFamily = 'windows' | 'linux';

export const osFamily = (osType: string | undefined): OsFamily => (osType === 'windows' ? 'windows' : 'linux');

/** Host name rules: Windows 2–15 of letters, digits, `-`; Linux 2–64, dot-separated labels. */
export function checkHostname(hostname: string, os: OsFamily): void {
  if (os === 'windows') {
    if (
      hostname.length < 2 ||
      hostname.length > 15 ||
      !/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(hostname) ||
      /^\d+$/.test(hostname)
    ) {
      throw invalidArgument(
        `Invalid hostname '${hostname}': on Windows it is 2 to 15 letters, digits and '-', not all digits, with no leading, trailing or doubled '-'.`,
      );
    }
    return;
  }
  if (hostname.length < 2 || hostname.length > 64 || !/^[A-Za-z0-9]+([.-][A-Za-z0-9]+)*$/.test(hostname)) {
    throw invalidArgument(
      `Invalid hostname '${hostname}': on Linux it is 2 to 64 characters, dot-separated labels of letters, digits and '-', with no leading, trailing or doubled '.' or '-'.`,
    );
  }
}

/** A host name made from the instance name (RFC 952 / 1123), for when none is given. */
export function hostnameFromName(name: string, os: OsFamily, fallbackSuffix: string): string {
  const separators = os === 'windows' ? /[^A-Za-z0-9]+/g : /[^A-Za-z0-9.]+/g;
  let host = name
    .replace(separators, '-')
    .replace(/[.-]*\.[.-]*/g, '.')
    .replace(/-+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  host = host.slice(0, os === 'windows' ? 15 : 64).replace(/[.-]+$/g, '');
  if (host.length < 2 || /^\d+$/.test(host)) host = `host-${fallbackSuffix}`.slice(0, os === 'windows' ? 15 : 64);
  return host;
}

// ---------------------------------------------------------------- passwords

const SYMBOLS = '()`~!@#$%^&*_-+=|{}[]:";\'<>,.?/';
const FORBIDDEN_WORDS = ['jd', '360', 'bug', 'com', 'cloud', 'password'];
const KEYBOARD_LINES = [
  '1234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz',
  '2wsx',
  '3edc',
  '4rfv',
  '5tgb',
  '6yhn',
  '7ujm',
  '8ik,',
  '9ol.',
  '0p;/',
];

function hasRun(password: string): string | undefined {
  const lower = password.toLowerCase();
  for (let i = 0; i + 2 < lower.length; i += 1) {
    const [a, b, c] = [lower.charCodeAt(i), lower.charCodeAt(i + 1), lower.charCodeAt(i + 2)];
    const alnum = (x: number) => (x >= 48 && x <= 57) || (x >= 97 && x <= 122);
    const sameKind = (x: number, y: number) => (x <= 57) === (y <= 57);
    if (alnum(a) && alnum(b) && alnum(c) && sameKind(a, b) && sameKind(b, c)) {
      if ((b === a + 1 && c === b + 1) || (b === a - 1 && c === b - 1)) return password.slice(i, i + 3);
    }
    const triple = lower.slice(i, i + 3);
    for (const line of KEYBOARD_LINES) {
      if (line.includes(triple) || [...line].reverse().join('').includes(triple)) return password.slice(i, i + 3);
    }
  }
  return undefined;
}

/** The password rules; a broken one gives INVALID_ARGUMENT `Invalid password: …`. */
export function checkPassword(password: string): void {
  const fail = (why: string) => invalidArgument(`Invalid password: ${why}`);
  if (password.length < 8 || password.length > 30) throw fail('it must be 8 to 30 characters.');
  for (const ch of password) {
    if (!/[A-Za-z0-9]/.test(ch) && !SYMBOLS.includes(ch)) throw fail(`the character '${ch}' is not allowed.`);
  }
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    throw fail('it needs at least three of upper-case letters, lower-case letters, digits and symbols.');
  }
  const lower = password.toLowerCase();
  const word = FORBIDDEN_WORDS.find((w) => lower.includes(w));
  if (word) throw fail(`it may not contain '${word}'.`);
  const run = hasRun(password);
  if (run) throw fail(`it may not contain runs of consecutive digits, letters or keyboard keys ('${run}').`);
}

// ---------------------------------------------------------------- disks

/** Data disk device names in order: `vdb` … `vdz`, `vdaa` … `vdaz`, `vdba` … `vdbm`. */
export const DATA_DEVICE_NAMES: readonly string[] = (() => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out: string[] = [];
  for (const c of letters.slice(1)) out.push(`vd${c}`);
  for (const c of letters) out.push(`vda${c}`);
  for (const c of letters.slice(0, 13)) out.push(`vdb${c}`);
  return out;
})();

export const SYSTEM_DEVICE_NAME = 'vda';

export function checkDataDeviceName(deviceName: string, field: string): void {
  if (!DATA_DEVICE_NAMES.includes(deviceName)) {
    throw invalidArgument(`Invalid ${field} '${deviceName}': a data disk takes a device name from vdb to vdbm.`);
  }
}

/** The first data device name not in `used`. */
export function nextDeviceName(used: ReadonlySet<string>): string | undefined {
  return DATA_DEVICE_NAMES.find((name) => !used.has(name));
}

/** Size ranges of data disks, by type (GiB, in steps of 10). */
const DATA_DISK_MAX: Record<string, number> = {
  ssd: 1000,
  'premium-hdd': 3000,
  'ssd.gp1': 16000,
  'ssd.io1': 16000,
  'hdd.std1': 16000,
  'ssd.gp2': 16000,
  'ssd.io2': 16000,
};

/**
 * A new data disk's size. The pages require it for data disks; only a system disk may leave it
 * out (it then takes the image's size).
 */
export function requiredDataDiskSize(size: number | undefined, field: string): number {
  if (size === undefined) throw invalidArgument(`${field} is required for a new data disk; only a system disk takes its size from the image.`);
  return size;
}

export function checkDataDiskSize(diskType: string, size: number, field: string): void {
  const max = DATA_DISK_MAX[diskType] ?? 16000;
  if (size < 20 || size > max || size % 10 !== 0) {
    throw outOfRange(`${field} is ${size}; a ${diskType} data disk is 20 to ${max} GiB in steps of 10.`);
  }
}

export function checkSystemDiskSize(size: number, imageSize: number, field: string): void {
  const min = Math.max(40, imageSize);
  if (size < min || size > 500 || size % 10 !== 0) {
    throw outOfRange(
      `${field} is ${size}; a cloud system disk is ${min} to 500 GiB in steps of 10 (at least the image's ${imageSize} GiB).`,
    );
  }
}

/** Provisioned IOPS of an `ssd.io1` disk: 200 to min(32000, 50 × size), in steps of 10. */
export function checkIops(iops: number, size: number, field: string): void {
  const max = Math.min(32000, size * 50);
  if (iops < 200 || iops > max || iops % 10 !== 0) {
    throw outOfRange(`${field} is ${iops}; an ssd.io1 disk of ${size} GiB takes 200 to ${max} IOPS in steps of 10.`);
  }
}

/** IOPS a disk delivers (what Disk.iops shows). */
export function diskIops(diskType: string, size: number, provisioned?: number): number {
  switch (diskType) {
    case 'ssd.io1':
    case 'ssd.io2':
      return provisioned ?? Math.min(32000, size * 30);
    case 'hdd.std1':
    case 'premium-hdd':
      return Math.min(5000, 500 + size * 2);
    default:
      return Math.min(16000, size * 50);
  }
}

/** Disk names: 1 to 32 Chinese characters, letters, digits, `_` and `-`. */
export function checkDiskName(name: string, field: string): void {
  if ([...name].length > 32 || !/^[\p{Script=Han}A-Za-z0-9_-]+$/u.test(name)) {
    throw invalidArgument(`Invalid ${field} '${name}': 1 to 32 Chinese characters, letters, digits, '_' and '-'.`);
  }
}

// ---------------------------------------------------------------- tags, metadata, userdata

const TAG_CHARS = /^[\p{Script=Han}A-Za-z0-9_.,:/=+\-@]*$/u;

export function checkTags(tags: readonly Tag[], field: string): void {
  const keys = new Set<string>();
  tags.forEach((tag, i) => {
    const key = tag.key ?? '';
    if (key === '') throw invalidArgument(`${field}[${i}].key is required.`);
    if (/^(jrn:|jdc-)/i.test(key)) throw invalidArgument(`${field}[${i}].key '${key}' may not start with 'jrn:' or 'jdc-'.`);
    if (!TAG_CHARS.test(key) || !TAG_CHARS.test(tag.value ?? '')) {
      throw invalidArgument(
        `${field}[${i}] uses a character outside Chinese characters, letters, digits and '_.,:/=+-@'.`,
      );
    }
    if (keys.has(key)) throw invalidArgument(`${field} repeats the key '${key}'.`);
    keys.add(key);
  });
}

export function checkMetadata(metadata: readonly Metadata[], field: string): void {
  if (metadata.length > 40) throw invalidArgument(`${field} holds ${metadata.length} pairs; at most 40 are allowed.`);
  metadata.forEach((pair, i) => {
    if (!pair.key) throw invalidArgument(`${field}[${i}].key is required.`);
    if (Buffer.byteLength(pair.value ?? '', 'utf8') > 16 * 1024) {
      throw invalidArgument(`${field}[${i}].value is larger than 16 KB.`);
    }
  });
}

export function checkUserdata(userdata: readonly Userdata[], field: string): void {
  userdata.forEach((item, i) => {
    if (item.key !== 'launch-script') throw invalidArgument(`${field}[${i}].key must be 'launch-script'.`);
    const value = item.value ?? '';
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
      throw invalidArgument(`${field}[${i}].value must be Base64-encoded.`);
    }
    if (Buffer.from(value, 'base64').length > 16 * 1024) {
      throw invalidArgument(`${field}[${i}].value is larger than 16 KB before encoding.`);
    }
  });
}

// ---------------------------------------------------------------- addresses

export function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}
