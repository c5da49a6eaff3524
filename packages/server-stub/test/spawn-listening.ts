// A stub as a child process (dist/cli.js, the stand-alone bundle): started with node and waited
// for until it logs its `listening` line.
import { type ChildProcess, spawn } from 'node:child_process';

export interface Listening {
  child: ChildProcess;
  /** Its base URL, from the `listening` line. */
  url: string;
  /** From spawn to the `listening` line. */
  startMs: number;
  /** Everything it wrote so far, stdout and stderr. */
  output: () => string;
}

/** `node <args>`; rejects when no `listening` line comes within `budgetMs` or the process exits first. */
export function spawnListening(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; budgetMs: number }): Promise<Listening> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line in ${options.budgetMs} ms:\n${output}`)), options.budgetMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearTimeout(timer);
        const { url } = JSON.parse(line) as { url: string };
        resolve({ child, url, startMs: Math.round(performance.now() - started), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code} before listening:\n${output}`));
    });
  });
}
