// What a failure prints (the operation, the request as sent, the stub's answer) and the one-line
// summary the suite writes for scripts/ci-summary.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Exchange } from './recording-proxy.js';
import type { Outcome } from './runner.js';

const indent = (text: string) => text.replace(/\n/g, '\n      ');

export function describeExchange(exchange: Exchange): string {
  const headers = Object.entries(exchange.requestHeaders)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  return [
    `  request as sent: ${exchange.method} ${exchange.url}`,
    `      ${indent(headers)}`,
    ...(exchange.requestBody ? [`      ${indent(exchange.requestBody)}`] : []),
    `  stub's answer: ${exchange.status} ${exchange.responseBody}`,
  ].join('\n');
}

export function describeFailure(driver: string, outcome: Outcome): string {
  const head = `${outcome.scenario.operationId} (${driver}): ${outcome.reason}`;
  if (outcome.exchanges.length === 0) {
    const params = outcome.params ? `\n  parameters: ${JSON.stringify(outcome.params)}` : '';
    const thrown = outcome.answer?.exception ? `\n  ${indent(outcome.answer.exception.trim())}` : '';
    return `${head}${params}${thrown}`;
  }
  return [head, ...outcome.exchanges.map(describeExchange)].join('\n');
}

export interface Tally {
  passed: number;
  total: number;
}

export interface ConformanceSummary {
  nodeSdk: Tally;
  /** Absent with `skipped` when the Python part could not run here. */
  pythonSdk: Tally & { skipped?: string };
  requests: Tally & { skipped?: string };
  answers: Tally & { skipped?: string };
}

const part = (label: string, tally: Tally & { skipped?: string }, unit = '') =>
  tally.skipped ? `${label} skipped (${tally.skipped})` : `${label} ${tally.passed}/${tally.total}${unit}`;

export function summaryLine(s: ConformanceSummary): string {
  const examples =
    s.requests.skipped !== undefined
      ? `examples skipped (${s.requests.skipped})`
      : `examples ${s.requests.passed}/${s.requests.total} requests, ${s.answers.passed}/${s.answers.total} answers`;
  return `conformance: ${part('node SDK', s.nodeSdk)}, ${part('python SDK', s.pythonSdk)}, ${examples}`;
}

export function writeSummary(file: string, summary: ConformanceSummary): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...summary, line: summaryLine(summary) }, null, 2)}\n`);
}
