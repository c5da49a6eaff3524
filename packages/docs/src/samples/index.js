// x-codeSamples for every operation of the document, in the page's language: what Redoc shows
// in the "Request samples" panel. Built from each operation's own example request, never
// written by hand, so they change with the document.
import { createRequire } from 'node:module';
import { curl, node, python, typescript } from './languages.js';
import { pythonSdk } from './python-sdk.js';
import { exampleRequests } from './request.js';

export { EMULATOR, EMULATOR_ORIGIN, exampleUrl } from './languages.js';
export { pythonSdk } from './python-sdk.js';
export { exampleRequests } from './request.js';

const require = createRequire(import.meta.url);

/**
 * @typedef {import('./messages.js').Lang} Lang
 * @typedef {import('./python-sdk.js').PythonSdk} PythonSdk
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 */

/** The tabs, in the order Redoc shows them; `lang` picks the highlighting. */
export const SAMPLE_LANGUAGES = [
  { key: 'typescript', lang: 'TypeScript', label: 'TypeScript' },
  { key: 'node', lang: 'Node.js', label: 'Node.js' },
  { key: 'python', lang: 'Python', label: 'Python' },
  { key: 'curl', lang: 'curl', label: 'curl' },
];


/** The operations the official Node.js SDK (jdcloud-sdk-js, a devDependency) has a method for. */
export function nodeSdkMethods() {
  const VM = /** @type {{ prototype: object }} */ (require('jdcloud-sdk-js/src/repo/vm/v1/vm.js'));
  return new Set(Object.getOwnPropertyNames(VM.prototype).filter((n) => n !== 'constructor'));
}

/**
 * Every operation's code samples: operationId → samples in SAMPLE_LANGUAGES order. An operation
 * the Node.js SDK has no method for gets no Node.js sample.
 * @param {Record<string, any>} doc the bundled document (with its -zh twins)
 * @param {Lang} lang
 * @param {{ nodeMethods?: Set<string>, python?: PythonSdk }} [sdks]
 */
export function codeSamples(doc, lang, sdks = {}) {
  const nodeMethods = sdks.nodeMethods ?? nodeSdkMethods();
  const py = sdks.python ?? pythonSdk().table;
  /** @type {Map<string, CodeSample[]>} */
  const out = new Map();
  for (const req of exampleRequests(doc)) {
    /** @type {Record<string, string | undefined>} */
    const sources = {
      typescript: typescript(req, lang),
      node: nodeMethods.has(req.operationId) ? node(req, lang) : undefined,
      python: python(req, lang, doc, py),
      curl: curl(req, lang),
    };
    out.set(
      req.operationId,
      SAMPLE_LANGUAGES.flatMap(({ key, lang: l, label }) => {
        const source = sources[key];
        return source === undefined ? [] : [{ lang: l, label, source }];
      }),
    );
  }
  return out;
}

/** Puts each operation's samples in its `x-codeSamples`. */
export function addCodeSamples(/** @type {Record<string, any>} */ doc, /** @type {Lang} */ lang) {
  const samples = codeSamples(doc, lang);
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(/** @type {Record<string, any>} */ (item))) {
      if (op && typeof op === 'object' && samples.has(op.operationId)) op['x-codeSamples'] = samples.get(op.operationId);
    }
  }
  return samples;
}
