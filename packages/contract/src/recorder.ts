// A fetch that records every exchange the client makes and checks each answer against the
// document, so a flow test only has to drive realistic calls.
import { checkResponse } from './response-validator.js';
import { matchOperation } from './spec.js';

export interface Exchange {
  operationId: string | undefined;
  method: string;
  path: string;
  status: number;
  body: unknown;
  problems: string[];
}

export interface Recorder {
  fetch: (request: Request) => Promise<Response>;
  exchanges: Exchange[];
}

export function createRecorder(): Recorder {
  const exchanges: Exchange[] = [];
  return {
    exchanges,
    async fetch(request) {
      const response = await fetch(request);
      const text = await response.clone().text();
      const url = new URL(request.url);
      const entry = matchOperation(request.method, url.pathname);
      let body: unknown;
      const problems: string[] = [];
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`${request.method} ${url.pathname} answered a body that is not JSON: ${text.slice(0, 80)}`);
      }
      if (!entry) problems.push(`${request.method} ${url.pathname} matches no operation of the document`);
      else if (body !== undefined) problems.push(...checkResponse(entry, response.status, body, response.headers));
      exchanges.push({ operationId: entry?.operationId, method: request.method, path: url.pathname, status: response.status, body, problems });
      return response;
    },
  };
}
