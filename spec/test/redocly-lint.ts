// Runs `redocly lint` with the document's configuration (house rules included) on one file and
// returns its problems; the house-rule tests lint their broken fixtures through it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { specRoot } from '../lib/index.js';

export interface Problem {
  ruleId: string;
  message: string;
  location: { pointer: string }[];
}

export function lint(file: string): Problem[] {
  const redocly = join(specRoot, 'node_modules', '.bin', 'redocly');
  let out: string;
  try {
    out = execFileSync(redocly, ['lint', file, '--config', 'redocly.yaml', '--format', 'json'], {
      cwd: specRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
  } catch (error) {
    // redocly exits 1 when it finds problems; the JSON report is still on stdout.
    out = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { problems: Problem[] }).problems;
}

/** The messages of the problems reported under one operation (`path`, `method`) of a single-file document. */
export function messagesAt(problems: Problem[], path: string, method = 'get'): string[] {
  const prefix = `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/`;
  return problems.filter((p) => p.location[0]?.pointer.startsWith(prefix)).map((p) => p.message);
}
