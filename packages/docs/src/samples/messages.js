// The comments of the code samples, in the language of each page.

/** @typedef {'en' | 'zh'} Lang */

/** @type {Record<Lang, Record<string, string>>} */
export const MESSAGES = {
  en: {
    typescript: 'with @jdcloud-vm/client, typed from the OpenAPI document (npm install @jdcloud-vm/client)',
    node: 'with the official Node.js SDK (npm install jdcloud-sdk-js)',
    python: 'with the official Python SDK jdcloud_sdk (needs requests)',
    curl: 'on the local emulator in open mode (pnpm start): no signature needed',
    endpoint: 'The local emulator; leave this out to call JD Cloud.',
    keys: 'Your AccessKey pair; the emulator in open mode takes any.',
    result: 'The result of the call, or the error JD Cloud answered with.',
  },
  zh: {
    typescript: '使用 @jdcloud-vm/client，类型由 OpenAPI 描述文件生成（npm install @jdcloud-vm/client）',
    node: '使用京东云官方 Node.js SDK（npm install jdcloud-sdk-js）',
    python: '使用京东云官方 Python SDK jdcloud_sdk（依赖 requests）',
    curl: '调用本地模拟器（开放模式，pnpm start），无需签名',
    endpoint: '本地模拟器；调用京东云时去掉这一项。',
    keys: '您的 AccessKey；开放模式下的模拟器接受任意值。',
    result: '调用结果，或京东云返回的错误。',
  },
};
