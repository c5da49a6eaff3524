// Reads the answer examples (返回示例) out of JD Cloud's saved Chinese pages in the reference pack
// beside the repository (../shared/reference/jdcloud-vm/pages/zh-CN). The English pages carry no
// examples. Used by test/page-examples.test.ts; the pack is absent from a user's clone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specRoot } from './index.js';

export const referenceRoot = join(specRoot, '..', '..', 'shared', 'reference', 'jdcloud-vm');
const pagesDir = join(referenceRoot, 'pages', 'zh-CN');

export function pagesAvailable() {
  return existsSync(pagesDir);
}

/** The code blocks that follow a `返回示例` marker, up to the next heading or request example. */
function answerBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  let inAnswer = false;
  let fence = null;
  for (const line of lines) {
    if (fence !== null) {
      if (/^\s*```/.test(line)) {
        if (inAnswer) blocks.push(fence.join('\n'));
        fence = null;
      } else fence.push(line);
      continue;
    }
    if (/^\s*```/.test(line)) {
      fence = [];
      continue;
    }
    if (/返回示例/.test(line)) inAnswer = true;
    else if (/^#{1,4}\s/.test(line) || /请求示例/.test(line)) inAnswer = false;
  }
  return blocks;
}

/**
 * Every answer example of every page: `{operationId, file, index, value}` for the blocks that
 * parse as JSON, and `{..., error}` for those that do not (reported, never silently dropped).
 */
export function pageAnswerExamples() {
  const out = [];
  for (const file of readdirSync(pagesDir).filter((f) => f.endsWith('.md')).sort()) {
    const operationId = file.replace(/\.md$/, '');
    answerBlocks(readFileSync(join(pagesDir, file), 'utf8')).forEach((block, index) => {
      const where = { operationId, file: `pages/zh-CN/${file}`, index };
      try {
        out.push({ ...where, value: JSON.parse(block) });
      } catch (error) {
        out.push({ ...where, error: String(error), text: block });
      }
    });
  }
  return out;
}
