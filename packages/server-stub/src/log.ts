// Structured logs: one JSON object per line on stdout (`{"time", "level", "msg", ...fields}`).
// Every request is logged once, at `info`, with method, path, operationId, status and ms.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * The default sink: lines are gathered and written to stdout together, once per turn of the event
 * loop (or every 64 KiB), instead of one write(2) per request; whatever is pending is written when
 * the process exits (stdout to a file or a pipe is synchronous on Linux). A line can be late by
 * one turn of the loop, never out of order. One buffer per process, shared by every logger.
 */
let stdoutLines: string[] = [];
let stdoutBytes = 0;
let stdoutScheduled = false;
let stdoutExitHook = false;

function flushStdout(): void {
  stdoutScheduled = false;
  if (stdoutLines.length === 0) return;
  const text = `${stdoutLines.join('\n')}\n`;
  stdoutLines = [];
  stdoutBytes = 0;
  process.stdout.write(text);
}

export const stdoutSink: LogSink = (line) => {
  stdoutLines.push(line);
  stdoutBytes += line.length;
  if (!stdoutExitHook) {
    stdoutExitHook = true;
    process.on('exit', flushStdout);
  }
  if (stdoutBytes >= 65_536) flushStdout();
  else if (!stdoutScheduled) {
    stdoutScheduled = true;
    setImmediate(flushStdout);
  }
};

export function createLogger(level: LogLevel = 'info', sink: LogSink = stdoutSink): Logger {
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < RANK[level]) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
  return {
    level,
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}
