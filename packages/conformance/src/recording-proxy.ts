// A pass-through HTTP proxy in front of the stub that keeps every exchange as it went over the
// wire, so a failed call can be reported with the request exactly as the client sent it (headers,
// signature, body) and the stub's answer. Bytes and headers are forwarded untouched: the
// signature the client computed for its Host header still verifies.
import { type IncomingMessage, type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path and query as sent. */
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseBody: string;
}

export interface RecordingProxy {
  /** `host:port` to give a client as its endpoint. */
  host: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const read = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

function headerRecord(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) out[raw[i]!.toLowerCase()] = raw[i + 1]!;
  return out;
}

export async function startRecordingProxy(target: { host: string; port: number }): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const upstream = request({
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.rawHeaders,
      });
      upstream.on('response', (answer) => {
        void read(answer).then((answerBody) => {
          exchanges.push({
            method: req.method ?? '',
            url: req.url ?? '',
            requestHeaders: headerRecord(req.rawHeaders),
            requestBody: body.toString('utf8'),
            status: answer.statusCode ?? 0,
            responseBody: answerBody.toString('utf8'),
          });
          res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          res.end(answerBody);
        });
      });
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}`);
      });
      upstream.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
