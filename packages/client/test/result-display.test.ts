// The answers are composed with allOf in the document (SuccessEnvelope + result, PagedResult +
// list), which openapi-typescript writes as intersections. What an editor shows for an
// operation's result must still be one plain object, not `PagedResult & { ... }`: this asks the
// TypeScript checker how it prints the types a user meets.
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const probe = join(root, 'test', '__result-display-probe.ts');
const source = `
import type { OperationResult, PageItem } from '../src/index.js';
export type Page = OperationResult<'describeInstances'>;
export type Keys = OperationResult<'describeKeypairs'>;
export type Stopped = OperationResult<'stopInstance'>;
export type Item = PageItem<'describeInstances'>;
`;

function printed(): Record<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json not read');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (file === probe ? source : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === probe || fileExists(file);
  const program = ts.createProgram([probe], config.options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(probe);
  if (!file) throw new Error('probe not compiled');
  const out: Record<string, string> = {};
  for (const statement of file.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const type = checker.getTypeAtLocation(statement.name);
    out[statement.name.text] = checker.typeToString(type, undefined, ts.TypeFormatFlags.InTypeAlias);
  }
  return out;
}

it('an operation result reads as one object type, its parts joined', () => {
  const types = printed();
  expect(types.Page).toMatch(/^\{ instances: .*; totalCount: number; \}$/);
  expect(types.Keys).toMatch(/^\{ keypairs: .*; totalCount: number; \}$/);
  expect(types.Stopped).toBe('{ [x: string]: never; } | undefined');
  for (const [name, text] of Object.entries(types)) {
    expect(text, name).not.toMatch(/PagedResult|SuccessEnvelope|components\[/);
    expect(text.startsWith('{') && !/^\{[^{}]*\} &/.test(text), `${name}: ${text.slice(0, 80)}`).toBe(true);
  }
}, 120_000);
