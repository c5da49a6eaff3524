// Redocly plugin: one decorator per page language. `redocly.yaml` turns on `i18n/zh-CN` for the
// Chinese API entry and `i18n/en` for the English one. Both drop the `-zh` twins from the rendered
// document; the Chinese one first copies each twin over its English text.
import { localize } from '../src/twins.js';

/** @param {'en' | 'zh'} lang */
const decorator = (lang) => () => ({
  Root: {
    leave(/** @type {unknown} */ root) {
      localize(root, lang);
    },
  },
});

export default function i18nPlugin() {
  return {
    id: 'i18n',
    decorators: {
      oas3: {
        en: decorator('en'),
        'zh-CN': decorator('zh'),
      },
    },
  };
}
