/**
 * `@jdcloud-vm/client/node`: credentials from where JD Cloud's own tools keep them, for Node only
 * (it reads the environment and files; the browser entry carries none of it).
 * - {@link fromEnv}: `JDCLOUD_ACCESS_KEY` and `JDCLOUD_SECRET_KEY`, the variables JD Cloud's Packer
 *   and Terraform integrations read.
 * - {@link fromJdcConfig}: a profile of the official `jdc` CLI's `~/.jdc/config` (INI; the keys
 *   `access_key`, `secret_key`, `region_id`, `endpoint`, `scheme`, `timeout`), by default the one
 *   named in `~/.jdc/current` (`default` when that file is absent).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CredentialsProvider } from './credentials.js';

/** Thrown when a credentials source has no usable keys; the message says where it looked. */
export class CredentialsNotFoundError extends Error {
  override name = 'CredentialsNotFoundError';
}

/**
 * Keys from the environment, read when the client first needs them (set the variables before).
 * `env` defaults to `process.env`.
 */
export function fromEnv(env: Record<string, string | undefined> = process.env): CredentialsProvider {
  return async () => {
    const accessKeyId = env.JDCLOUD_ACCESS_KEY?.trim();
    const secretAccessKey = env.JDCLOUD_SECRET_KEY?.trim();
    if (!accessKeyId || !secretAccessKey) {
      throw new CredentialsNotFoundError('JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY must both be set');
    }
    return { accessKeyId, secretAccessKey };
  };
}

export interface JdcConfigOptions {
  /** The profile (section) to read; default the name in `<dir>/current`, else `default`. */
  profile?: string;
  /** The jdc CLI's folder; default `~/.jdc`. */
  dir?: string;
}

/** A profile of the jdc CLI's configuration. */
export interface JdcProfile {
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `region_id`, when set. */
  regionId?: string;
  /** `scheme://endpoint`, when `endpoint` is set (scheme default `https`). */
  endpoint?: string;
  /** `timeout` (seconds in the file), in ms, when set. */
  timeoutMs?: number;
}

/**
 * The sections of an INI file as Python's configparser reads the jdc CLI's: `[name]` headers,
 * `key = value` or `key: value` (keys lower-cased, both sides trimmed), `#` and `;` comment lines,
 * indented lines continuing the previous value, and `[DEFAULT]` giving defaults to every section.
 */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      const name = header[1]!.trim();
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      last = undefined;
    } else if (/^\s/.test(line) && section && last !== undefined) {
      section.set(last, `${section.get(last)}\n${line.trim()}`);
    } else {
      const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
      if (!pair || !section) continue;
      last = pair[1]!.trim().toLowerCase();
      section.set(last, pair[2]!.trim());
    }
  }
  const defaults = sections.get('DEFAULT');
  sections.delete('DEFAULT');
  if (defaults) for (const [name, values] of sections) sections.set(name, new Map([...defaults, ...values]));
  return sections;
}

/** Reads a profile of the jdc CLI's configuration now. */
export async function readJdcConfig(options: JdcConfigOptions = {}): Promise<JdcProfile> {
  const dir = options.dir ?? join(homedir(), '.jdc');
  let profile = options.profile;
  if (profile === undefined) {
    profile = (await readFile(join(dir, 'current'), 'utf8').catch(() => '')).trim() || 'default';
  }
  const file = join(dir, 'config');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CredentialsNotFoundError(`cannot read the jdc configuration ${file}: ${(error as Error).message}`);
  }
  const values = parseIni(text).get(profile);
  const accessKeyId = values?.get('access_key');
  const secretAccessKey = values?.get('secret_key');
  if (!accessKeyId || !secretAccessKey) {
    throw new CredentialsNotFoundError(`profile '${profile}' of ${file} has no access_key and secret_key`);
  }
  const endpoint = values!.get('endpoint');
  const timeout = Number(values!.get('timeout'));
  return {
    profile,
    accessKeyId,
    secretAccessKey,
    ...(values!.get('region_id') ? { regionId: values!.get('region_id') } : {}),
    ...(endpoint ? { endpoint: /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `${values!.get('scheme') || 'https'}://${endpoint}` } : {}),
    ...(timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
  };
}

/** Keys from a profile of the jdc CLI's `~/.jdc/config`, read when the client first needs them. */
export function fromJdcConfig(options: JdcConfigOptions = {}): CredentialsProvider {
  return async () => {
    const { accessKeyId, secretAccessKey } = await readJdcConfig(options);
    return { accessKeyId, secretAccessKey };
  };
}
