// SSH key pairs: createKeypair, importKeypair, describeKeypairs, deleteKeypair; attachKeypair and
// detachKeypair (attachment.ts) put one on instances and take it off.
// A key pair is identified by its name, unique per account and region.
import { failedPrecondition, invalidArgument, notFound } from '../../http/errors.js';
import { isoTime } from '../../state/clock.js';
import { COLLECTION_NAMES } from '../../state/region.js';
import { candidates, listResult } from '../listing.js';
import { checkQuota } from '../quotas.js';
import type { HandlerShare, HandlerContext, ResourceKind } from '../types.js';
import { attachKeypair, detachKeypair } from './attachment.js';
import { generateRsaKeyPair, parsePublicKey } from './ssh.js';

export type { KeypairRecord } from '../../state/records.js';

export const KEYPAIR: ResourceKind = {
  name: 'keypair',
  collection: COLLECTION_NAMES.keypairs,
  idParam: 'keyName',
  label: 'Keypair',
};

// The pages state the rule in prose (digits, letters, `_` and `-`, at most 32 characters); the
// document carries only the length, so the characters are checked here.
const KEY_NAME_CHARACTERS = /^[0-9A-Za-z_-]+$/;

function assertNameFree(ctx: HandlerContext, keyName: string): void {
  if (!KEY_NAME_CHARACTERS.test(keyName)) {
    throw invalidArgument(`Invalid parameter 'keyName': '${keyName}' may hold only digits, letters, '_' and '-'.`);
  }
  if (ctx.store.keypairs.has(keyName)) throw failedPrecondition(`KeyName '${keyName}' already in use.`);
}

function assertQuota(ctx: HandlerContext): void {
  checkQuota(ctx, 'keypair', ctx.store.keypairs.count(), 1, 'Keypair');
}

export const keypairModule = {
  name: 'keypair',
  resources: [KEYPAIR],
  handlers: {
    async createKeypair(ctx) {
      const { keyName } = ctx.params.body;
      assertNameFree(ctx, keyName);
      assertQuota(ctx);
      const generated = await generateRsaKeyPair(keyName);
      // Generation is asynchronous: check again, another request may have taken the name meanwhile.
      assertNameFree(ctx, keyName);
      assertQuota(ctx);
      ctx.store.keypairs.insert(keyName, {
        keyName,
        publicKey: generated.publicKey,
        keyFingerprint: generated.fingerprint,
        createTime: isoTime(ctx.clock.now()),
      });
      return { keyName, privateKey: generated.privateKey, keyFingerprint: generated.fingerprint };
    },

    importKeypair(ctx) {
      const { keyName } = ctx.params.body;
      assertNameFree(ctx, keyName);
      const parsed = parsePublicKey(ctx.params.body.publicKey);
      if (!parsed) throw failedPrecondition('Malformed PublicKey.');
      assertQuota(ctx);
      ctx.store.keypairs.insert(keyName, {
        keyName,
        publicKey: parsed.line,
        keyFingerprint: parsed.fingerprint,
        createTime: isoTime(ctx.clock.now()),
      });
      return { keyName, keyFingerprint: parsed.fingerprint };
    },

    describeKeypairs(ctx) {
      // Read-only records (no copies); a keyNames filter looks those key pairs up by name.
      const { filters } = ctx.params.query;
      return listResult(ctx, candidates(ctx.store.keypairs, filters, ctx.operation.filters, 'keyName'), {
        present: ({ keyName, keyFingerprint, createTime }) => ({
          keyName,
          keyFingerprint,
          createTime,
          instanceIds: ctx.store.instancesHoldingKey(keyName),
        }),
      });
    },

    deleteKeypair(ctx) {
      const { keyName } = ctx.params.path;
      if (!ctx.store.keypairs.remove(keyName)) throw notFound(`Keypair '${keyName}' not found.`);
      return undefined;
    },

    attachKeypair,
    detachKeypair,
  } satisfies HandlerShare,
};
