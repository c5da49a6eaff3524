// The code samples of both pages, as the build makes them, and the bundle they come from.
import { codeSamples, exampleRequests, SAMPLE_LANGUAGES } from '../src/samples/index.js';
import { loadBundle } from './bundle.js';

export type SampleLang = 'en' | 'zh';
export const SAMPLE_LANGS: SampleLang[] = ['en', 'zh'];

const { doc } = loadBundle();
export const bundleDoc = doc;
export const requests = exampleRequests(doc);
export const samples = { en: codeSamples(doc, 'en'), zh: codeSamples(doc, 'zh') };
export const languageNames = SAMPLE_LANGUAGES.map((l) => l.lang);

/** The sample of one operation in one language (TypeScript, Node.js, Python, curl), if there is one. */
export function sampleOf(lang: SampleLang, operationId: string, language: string): string | undefined {
  return samples[lang].get(operationId)?.find((s) => s.lang === language)?.source;
}

/** The comment lines of a sample (`//` or `#`). */
export function comments(source: string): string[] {
  return source
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('//') || l.startsWith('#'))
    .concat([...source.matchAll(/ \/\/ (.*)$/gm)].map((m) => m[1] ?? ''));
}
