// What never reaches express still gets the JD Cloud envelope: a request Node's HTTP parser
// refuses (malformed, or a request line and headers over its 16 KiB limit), CONNECT, and an
// `Expect` other than 100-continue. Node would otherwise answer a bare status line without the
// envelope and the request id (400, 431, 417) or close the socket without a word (CONNECT).
import { type IncomingMessage, type RequestListener, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.js';
import { newRequestId } from '../state/ids.js';
import { ApiError, invalidArgument } from './errors.js';

/** Writes `error` as a complete HTTP/1.1 answer on the socket, then closes it. */
function answer(socket: Duplex, error: ApiError, logger: Logger, fields: Record<string, unknown>): void {
  const requestId = newRequestId();
  const body = JSON.stringify(error.toEnvelope(requestId));
  const head = [
    `HTTP/1.1 ${error.httpStatus} ${STATUS_CODES[error.httpStatus] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-jdcloud-request-id: ${requestId}`,
    ...Object.entries(error.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  logger.info('request', { requestId, operationId: null, status: error.httpStatus, account: null, ...fields });
}

export function guardConnections(server: Server, app: RequestListener, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: answer only when nothing of a response is on the wire yet.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const apiError =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new ApiError('HEADERS_TOO_LARGE', 'The request line and headers are larger than the limit of 16 KiB.')
        : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? new ApiError('PAYLOAD_TOO_LARGE', 'The chunk extensions of the request body are too large.')
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? invalidArgument('The request was not received completely in time.')
            : invalidArgument(`The request is not valid HTTP/1.1 (${error.code ?? error.message}).`);
    answer(socket, apiError, logger, { method: null, path: null, ms: 0, error: error.code ?? error.message });
  });
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    answer(socket, new ApiError('METHOD_NOT_ALLOWED', 'CONNECT is not allowed: the stub is not a proxy.'), logger, {
      method: 'CONNECT',
      path: req.url ?? null,
      ms: 0,
    });
  });
  // RFC 9110 lets a server ignore an expectation it does not know: handle the request as usual.
  server.on('checkExpectation', app);
}
