// Redocly plugin: one decorator per page language that fills every operation's `x-codeSamples`
// from its example request (src/samples). It runs when the walk enters the document, before the
// i18n decorator drops the -zh twins on leaving it, so it can take the summary of either language.
import { addCodeSamples } from '../src/samples/index.js';

/** @param {'en' | 'zh'} lang */
const decorator = (lang) => () => ({
  Root: {
    enter(/** @type {Record<string, any>} */ root) {
      addCodeSamples(root, lang);
    },
  },
});

export default function codeSamplesPlugin() {
  return {
    id: 'code-samples',
    decorators: {
      oas3: {
        en: decorator('en'),
        'zh-CN': decorator('zh'),
      },
    },
  };
}
