// Sends a request with node:http exactly as given: the path is not normalised (fetch would turn
// a literal ':' or a space into something else) and the header names keep their case.
import { request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  text: string;
  /** The parsed body; `undefined` when it is not JSON. */
  json: any;
}

export function rawSend(port: number, method: string, path: string, headers: Record<string, string>, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const length = body === '' && (method === 'GET' || method === 'HEAD') ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
