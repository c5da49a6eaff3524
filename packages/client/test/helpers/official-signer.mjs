// The official JD Cloud signer (jdcloud-sdk-js 1.2.202, src/lib/signers/v2.js), driven directly:
// the oracle for the signing tests and the baseline of the signing benchmark (bench/src/suites/client.mjs). Node only.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const JDCloud = require('jdcloud-sdk-js/src/lib/node_loader.js');
const SignerV2 = require('jdcloud-sdk-js/src/lib/signers/v2.js');
// The SDK prints every canonical request through this logger; keep the output (and the benchmark) clean.
JDCloud.config.logger = () => {};

/** Builds what the official signer reads: a node-fetch Request plus the SDK's request fields. */
export function officialRequest({ method, url, headers = {}, body = '', regionId }) {
  const u = new URL(url);
  return {
    regionId,
    path: u.pathname,
    request: new JDCloud.fetch.Request(url, { method, headers, body: body === '' ? undefined : body }),
    service: { config: { endpoint: { host: u.host } } },
    search: JDCloud.JCRequest.prototype.search,
  };
}

/** Signs like the official SDK, with a fixed date and nonce; returns its intermediate strings too. */
export function officialSign(input) {
  const req = officialRequest(input);
  return officialSignPrepared(req, input);
}

/** Signs a request built by officialRequest (the benchmark reuses one). */
export function officialSignPrepared(req, { accessKeyId, secretAccessKey, service = 'vm', date, nonce, host }) {
  const datetime = JDCloud.util.date.iso8601(date).replace(/[:-]|\.\d{3}/g, '');
  const headers = req.request.headers;
  headers.set('x-jdcloud-date', datetime);
  headers.set('x-jdcloud-nonce', nonce);
  headers.set('host', host ?? req.service.config.endpoint.host);
  const signer = new SignerV2(req, service);
  const credentials = { accessKeyId, secretAccessKey };
  return {
    authorization: signer.authorization(credentials, datetime),
    canonicalRequest: signer.canonicalString(),
    stringToSign: signer.stringToSign(datetime),
  };
}
