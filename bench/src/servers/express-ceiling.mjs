// The ceiling for this stack: a bare express 5 app whose routes answer a fixed body (the body the
// stub gave for the same request, captured before the rounds). No validation, no signature, no
// state, no logging: what node + express cost by themselves on these requests.
//   node express-ceiling.mjs <port> <routes.json>
// routes.json: [{ method, path, regex?, status, body }]
import { readFileSync } from 'node:fs';
import express from 'express';

const [port, routesFile] = process.argv.slice(2);
const routes = JSON.parse(readFileSync(routesFile, 'utf8'));
const app = express();
for (const route of routes) {
  const path = route.regex ? new RegExp(route.path) : route.path;
  const body = Buffer.from(route.body);
  app[route.method.toLowerCase()](path, (req, res) => {
    res.status(route.status).type('application/json').send(body);
  });
}
app.get('/ready', (req, res) => res.json({ ok: true }));
const server = app.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
const close = () => server.close(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
