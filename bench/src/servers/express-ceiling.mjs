// The ceiling for this stack: a bare express 5 app whose routes answer a fixed body (the body the
// stub gave for the same request, captured before the rounds). No validation, no signature, no
// state, no logging: what node + express cost by themselves on these requests.
//   node express-ceiling.mjs <port> <routes.json> [<openapi.json>]
// routes.json: [{ method, path, regex?, status, body }]
//
// With a document: the same app with express-openapi-validator validating each request against it
// first (as its documentation sets it up: its own route lookup on every request, no response
// validation), after the two steps any JD Cloud server needs before it (the custom method's `%3A`
// decoded, the indexed query rebuilt into lists). The ceiling of express + express-openapi-validator:
// what the stub's own work (signatures, state, logging, answer checks) adds is the gap to it.
import { readFileSync } from 'node:fs';
import { decodeIndexedQuery } from '@jdcloud-vm/client/query';
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

const [port, routesFile, specFile] = process.argv.slice(2);
const routes = JSON.parse(readFileSync(routesFile, 'utf8'));
const app = express();
app.get('/ready', (req, res) => res.json({ ok: true }));
if (specFile) {
  app.use((req, res, next) => {
    const q = req.url.indexOf('?');
    const path = q === -1 ? req.url : req.url.slice(0, q);
    req.url = path.replace(/%3a/gi, ':') + (q === -1 ? '' : req.url.slice(q));
    req.originalUrl = req.url; // the validator routes on originalUrl
    const query = q === -1 ? {} : decodeIndexedQuery(req.url.slice(q + 1));
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    next();
  });
  app.use(express.json());
  app.use(
    OpenApiValidator.middleware({
      apiSpec: specFile,
      validateRequests: { allowUnknownQueryParameters: false },
      validateResponses: false,
      validateSecurity: false,
    }),
  );
}
for (const route of routes) {
  const path = route.regex ? new RegExp(route.path) : route.path;
  const body = Buffer.from(route.body);
  app[route.method.toLowerCase()](path, (req, res) => {
    res.status(route.status).type('application/json').send(body);
  });
}
app.use((err, req, res, _next) => {
  res.status(err.status ?? 500).json({ error: { message: err.message } });
});
const server = app.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
const close = () => server.close(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
