#!/usr/bin/env node
// jdcloud-vm-stub: the command line of the emulator. Options override the environment.
import { CliError, HELP, optionsFromCli } from './cli-options.js';
import { type RunningStub, type StubOptions, startStub } from './server.js';

function fail(message: string, code: number): never {
  process.stderr.write(`jdcloud-vm-stub: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let options: StubOptions | 'help';
  try {
    options = optionsFromCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof CliError) fail(error.message, 2);
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  // Signals are handled from the start, so a stop during start-up still closes cleanly.
  let stub: RunningStub | undefined;
  let stopping: string | undefined;
  let closing = false;
  const shutdown = (signal: string) => {
    stopping ??= signal;
    if (!stub || closing) return; // before start-up ends: closed as soon as it does; a repeated signal: already closing
    closing = true;
    stub.logger.info('shutting down', { signal });
    stub.close().then(
      () => process.exit(0),
      (error: Error) => fail(error.message, 1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    stub = await startStub(options);
  } catch (error) {
    fail((error as Error).message, 1);
  }
  if (stopping) shutdown(stopping);
}

await main();
