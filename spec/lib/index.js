// @jdcloud-vm/spec: the one reader of the document. Loading the bundle, its operations, `$ref`
// resolution and the `x-jdcloud-*` extensions (their JSON Schema and, in extensions.d.ts, their
// types). Plain ESM JavaScript with declarations beside it, so the Redocly lint plugins can load it
// without a build step.
export { bundleFile, loadBundle, loadFixture, seedOperations, specRoot } from './document.js';
export { EXTENSIONS, extensionSchema } from './extensions.js';
export { HTTP_METHODS, listOperations, operationParameters, responseSchemaPointer, serverBasePath } from './operations.js';
export {
  escapePointerToken,
  inlineRefs,
  jsonPointer,
  pointerTokens,
  resolvePointer,
  resolveRef,
  schemaProperties,
  schemaRequired,
} from './refs.js';
export { firstDifference } from './first-difference.js';
