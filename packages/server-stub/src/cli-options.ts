// Command-line options and environment variables → StubOptions (kept apart from cli.ts so tests can import it).
import { parseArgs } from 'node:util';
import { DEFAULT_ACCOUNT, parseAccount } from './auth/keys.js';
import { QUOTA_TYPES, parseQuotaOverride } from './domain/quotas.js';
import { normalizeCorsOrigins } from './http/cors.js';
import { LOG_LEVELS, type LogLevel, isLogLevel } from './log.js';
import { DEFAULTS, type StubOptions } from './server.js';

export class CliError extends Error {}

export const HELP = `jdcloud-vm-stub: a validating, stateful local emulator of the JD Cloud VM API v1

Usage: jdcloud-vm-stub [options]

Options (environment variable in brackets):
  --host HOST                 interface to listen on, default ${DEFAULTS.host}      [JDCLOUD_VM_STUB_HOST]
  --port PORT                 port, default ${DEFAULTS.port}; 0 picks a free one     [JDCLOUD_VM_STUB_PORT]
  --account PIN=AK:SK[,...]   an account: its user PIN and the access keys that sign
                              for it (all of them see the same state); repeatable.
                              A bare PIN is an account without keys: images can be
                              shared with it, it cannot call. shareImage and
                              unShareImage name accounts by PIN.
                              [JDCLOUD_VM_STUB_ACCOUNTS, accounts separated by ";"]
  --access-key AK:SK          short for --account AK=AK:SK (the PIN is the key id);
                              repeatable. With no access key at all the stub runs
                              open (unsigned) on one account, PIN "${DEFAULT_ACCOUNT}".
                              [JDCLOUD_VM_STUB_ACCESS_KEYS, comma-separated AK:SK list]
  --strict                    refuse body fields and query parameters the document
                              does not have (400); by default they are ignored and
                              named in the x-jdcloud-stub-warnings response header
                              and a warning log line       [JDCLOUD_VM_STUB_STRICT=true]
  --state-file PATH           save the state there after every change and load it at
                              start (a file that is not a stub state file stops the
                              start and is left untouched)        [JDCLOUD_VM_STUB_STATE_FILE]
  --transition-ms N           how long transitional states (stopping, starting, ...)
                              last, default ${DEFAULTS.transitionMs}                    [JDCLOUD_VM_STUB_TRANSITION_MS]
  --log-level LEVEL           ${LOG_LEVELS.join(' | ')}, default ${DEFAULTS.logLevel}   [JDCLOUD_VM_STUB_LOG_LEVEL]
  --no-response-validation    do not validate responses against the document
                              [JDCLOUD_VM_STUB_RESPONSE_VALIDATION=false]
  --quota NAME=N              quota limit for every account instead of the default
                              (repeatable); NAME is one of ${QUOTA_TYPES.slice(0, 2).join(', ')},
                              ${QUOTA_TYPES.slice(2, 5).join(', ')},
                              ${QUOTA_TYPES.slice(5).join(', ')}
                              [JDCLOUD_VM_STUB_QUOTAS, comma-separated NAME=N list]
  --admin-token TOKEN         the bearer token of the control API (/_stub/); without
                              it the control API is open in open mode and guarded by a
                              random token, printed at start, when accounts are set
                              [JDCLOUD_VM_STUB_ADMIN_TOKEN]
  --seed-file PATH            a state file loaded at start and by every reset, never
                              written to (a fixture)          [JDCLOUD_VM_STUB_SEED_FILE]
  --id-seed N                 reproducible resource and request ids, run to run
                              [JDCLOUD_VM_STUB_ID_SEED]
  --journal-size N            API requests kept for GET /_stub/requests, default 1000
                              [JDCLOUD_VM_STUB_JOURNAL_SIZE]
  --cors ORIGIN               let pages from ORIGIN (http://localhost:3000, or * for
                              any) call the stub from a browser: preflights answered,
                              CORS headers on every answer; repeatable
                              [JDCLOUD_VM_STUB_CORS, comma-separated list]
  --spec PATH                 another OpenAPI document (default: @jdcloud-vm/spec's bundle)
                              [JDCLOUD_VM_STUB_SPEC]
  -h, --help                  show this help

The API is served under /v1 (e.g. http://127.0.0.1:8000/v1/regions/cn-north-1/keypairs),
the document at /openapi.json and /openapi.yaml, the docs at /docs/ when they are built,
the control API (health, reset, state, journal, faults, clock) under /_stub/, described
at /_stub/openapi.json.
Logs are JSON lines on stdout, one per request.`;

function fail(message: string): never {
  throw new CliError(message);
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) fail(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return Number(text);
}

/** A repeatable option's values, or else its environment variable's list split at `separator`. */
function listOption(values: string[] | undefined, envText: string | undefined, separator: RegExp): string[] {
  return values ?? (envText ?? '').split(separator).map((item) => item.trim()).filter((item) => item !== '');
}

export function optionsFromCli(argv: string[], env: NodeJS.ProcessEnv): StubOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        host: { type: 'string' },
        port: { type: 'string' },
        account: { type: 'string', multiple: true },
        'access-key': { type: 'string', multiple: true },
        strict: { type: 'boolean' },
        'state-file': { type: 'string' },
        'transition-ms': { type: 'string' },
        'log-level': { type: 'string' },
        'no-response-validation': { type: 'boolean' },
        spec: { type: 'string' },
        quota: { type: 'string', multiple: true },
        // the stub as a test tool (src/control)
        'admin-token': { type: 'string' },
        'seed-file': { type: 'string' },
        'id-seed': { type: 'string' },
        'journal-size': { type: 'string' },
        cors: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\nRun jdcloud-vm-stub --help for the options.`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const options: StubOptions = {};
  const host = v.host ?? env.JDCLOUD_VM_STUB_HOST;
  if (host) options.host = host;
  const port = integer('--port', v.port ?? env.JDCLOUD_VM_STUB_PORT, 0, 65535);
  if (port !== undefined) options.port = port;
  const keys = listOption(v['access-key'], env.JDCLOUD_VM_STUB_ACCESS_KEYS, /[\s,]+/);
  if (keys.length > 0) options.accessKeys = keys;
  const accounts = listOption(v.account, env.JDCLOUD_VM_STUB_ACCOUNTS, /[;\n]/);
  if (accounts.length > 0) {
    try {
      options.accounts = accounts.map(parseAccount);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  const envStrict = env.JDCLOUD_VM_STUB_STRICT;
  if (v.strict || (envStrict !== undefined && /^(1|true|yes|on)$/i.test(envStrict))) options.strict = true;
  const stateFile = v['state-file'] ?? env.JDCLOUD_VM_STUB_STATE_FILE;
  if (stateFile) options.stateFile = stateFile;
  const transitionMs = integer('--transition-ms', v['transition-ms'] ?? env.JDCLOUD_VM_STUB_TRANSITION_MS, 0, 3_600_000);
  if (transitionMs !== undefined) options.transitionMs = transitionMs;
  const level = v['log-level'] ?? env.JDCLOUD_VM_STUB_LOG_LEVEL;
  if (level !== undefined && level !== '') {
    if (!isLogLevel(level)) fail(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
    options.logLevel = level as LogLevel;
  }
  const envValidation = env.JDCLOUD_VM_STUB_RESPONSE_VALIDATION;
  if (v['no-response-validation'] || (envValidation !== undefined && /^(0|false|no|off)$/i.test(envValidation))) {
    options.responseValidation = false;
  }
  const spec = v.spec ?? env.JDCLOUD_VM_STUB_SPEC;
  if (spec) options.spec = spec;
  const quotas = listOption(v.quota, env.JDCLOUD_VM_STUB_QUOTAS, /[\s,]+/);
  if (quotas.length > 0) {
    options.quotas = {};
    for (const text of quotas) {
      try {
        const [name, limit] = parseQuotaOverride(text);
        options.quotas[name] = limit;
      } catch (error) {
        fail((error as Error).message);
      }
    }
  }
  // The stub as a test tool (src/control).
  const adminToken = v['admin-token'] ?? env.JDCLOUD_VM_STUB_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken !== '') {
    if (!/^[\x21-\x7e]{8,256}$/.test(adminToken)) fail('--admin-token must be 8 to 256 visible ASCII characters');
    options.adminToken = adminToken;
  }
  const seedFile = v['seed-file'] ?? env.JDCLOUD_VM_STUB_SEED_FILE;
  if (seedFile) options.seedFile = seedFile;
  const idSeed = integer('--id-seed', v['id-seed'] ?? env.JDCLOUD_VM_STUB_ID_SEED, 0, 2 ** 32 - 1);
  if (idSeed !== undefined) options.idSeed = idSeed;
  const journalSize = integer('--journal-size', v['journal-size'] ?? env.JDCLOUD_VM_STUB_JOURNAL_SIZE, 1, 1_000_000);
  if (journalSize !== undefined) options.journalSize = journalSize;
  const cors = listOption(v.cors, env.JDCLOUD_VM_STUB_CORS, /[\s,]+/);
  if (cors.length > 0) {
    try {
      options.cors = normalizeCorsOrigins(cors);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  return options;
}

