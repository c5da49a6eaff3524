// @jdcloud-vm/client/node: keys from the environment and from the jdc CLI's ~/.jdc/config.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVmClient } from '../src/index.js';
import { CredentialsNotFoundError, fromEnv, fromJdcConfig, parseIni, readJdcConfig } from '../src/node.js';
import { credentials, startServer } from './helpers/server.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A ~/.jdc folder with this config (and current file, when given). */
function jdcDir(config: string | undefined, current?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jdc-'));
  dirs.push(dir);
  if (config !== undefined) writeFileSync(join(dir, 'config'), config);
  if (current !== undefined) writeFileSync(join(dir, 'current'), current);
  return dir;
}

// As `jdc configure add` writes it (Python's configparser), plus a comment and a [DEFAULT].
const CONFIG = `[DEFAULT]
scheme = https

[default]
access_key = AK_DEFAULT
secret_key = SK_DEFAULT
region_id = cn-north-1
endpoint = www.jdcloud-api.com
timeout = 20

# a second account
[work]
access_key = AK_WORK
secret_key: SK:WORK
region_id = cn-east-2
endpoint = 127.0.0.1:8000
scheme = http
`;

describe('fromEnv', () => {
  it('reads JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY when the keys are first needed', async () => {
    const env: Record<string, string | undefined> = {};
    const provider = fromEnv(env);
    env.JDCLOUD_ACCESS_KEY = 'AK_ENV';
    env.JDCLOUD_SECRET_KEY = ' SK_ENV ';
    expect(await provider()).toEqual({ accessKeyId: 'AK_ENV', secretAccessKey: 'SK_ENV' });
  });

  it('says which variables are missing', async () => {
    await expect(fromEnv({ JDCLOUD_ACCESS_KEY: 'AK' })()).rejects.toThrow(CredentialsNotFoundError);
    await expect(fromEnv({})()).rejects.toThrow(/JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY/);
  });

  it('signs a real call', async () => {
    const server = await startServer();
    try {
      const env = { JDCLOUD_ACCESS_KEY: credentials.accessKeyId, JDCLOUD_SECRET_KEY: credentials.secretAccessKey };
      await createVmClient({ credentials: fromEnv(env), regionId: 'cn-north-1', endpoint: server.endpoint }).describeKeypairs();
      expect(server.requests[0]!.verified).toMatchObject({ ok: true });
    } finally {
      await server.close();
    }
  });
});

describe('fromJdcConfig', () => {
  it('reads the profile named in current, or default without it', async () => {
    expect(await fromJdcConfig({ dir: jdcDir(CONFIG, 'work') })()).toEqual({ accessKeyId: 'AK_WORK', secretAccessKey: 'SK:WORK' });
    expect(await fromJdcConfig({ dir: jdcDir(CONFIG) })()).toEqual({ accessKeyId: 'AK_DEFAULT', secretAccessKey: 'SK_DEFAULT' });
    expect(await fromJdcConfig({ dir: jdcDir(CONFIG, 'work\n'), profile: 'default' })()).toEqual({ accessKeyId: 'AK_DEFAULT', secretAccessKey: 'SK_DEFAULT' });
  });

  it('gives the whole profile: region, endpoint with its scheme, timeout in ms', async () => {
    expect(await readJdcConfig({ dir: jdcDir(CONFIG, 'work') })).toEqual({
      profile: 'work',
      accessKeyId: 'AK_WORK',
      secretAccessKey: 'SK:WORK',
      regionId: 'cn-east-2',
      endpoint: 'http://127.0.0.1:8000',
    });
    expect(await readJdcConfig({ dir: jdcDir(CONFIG) })).toMatchObject({ endpoint: 'https://www.jdcloud-api.com', timeoutMs: 20_000 });
  });

  it('says what is missing: the file, the profile, the keys', async () => {
    await expect(fromJdcConfig({ dir: jdcDir(undefined) })()).rejects.toThrow(/cannot read the jdc configuration/);
    await expect(fromJdcConfig({ dir: jdcDir(CONFIG, 'nobody') })()).rejects.toThrow(/profile 'nobody'/);
    await expect(fromJdcConfig({ dir: jdcDir('[default]\naccess_key = AK\n') })()).rejects.toThrow(CredentialsNotFoundError);
  });

  it('parses INI as configparser does: case of keys, comments, continuation lines, DEFAULT', () => {
    const ini = parseIni('[DEFAULT]\nA = 1\n[s]\n; note\nKey : v1\n  more\nb=2\n');
    expect(Object.fromEntries(ini.get('s')!)).toEqual({ a: '1', key: 'v1\nmore', b: '2' });
    expect(ini.has('DEFAULT')).toBe(false);
  });
});
