/**
 * @jdcloud-vm/client: a typed, signed client of the JD Cloud VM API v1, generated from the
 * OpenAPI document of @jdcloud-vm/spec. Runs in Node 20+ and browsers (Web Crypto, fetch).
 */
export {
  CLIENT_TOKEN_OPERATIONS,
  createVmClient,
  serializePath,
  type CallOptions,
  type HookContext,
  type OperationId,
  type OperationMethod,
  type OperationParams,
  type OperationResult,
  type PagedOperationId,
  type PageItem,
  type RetryOptions,
  type VmClient,
  type VmClientOptions,
  type VmMiddleware,
  type WaiterOperation,
} from './client.js';
export { type Credentials, type CredentialsProvider, REFRESH_BEFORE_MS } from './credentials.js';
export {
  JdCloudError,
  JdCloudNetworkError,
  JdCloudTimeoutError,
  JdCloudWaiterError,
  type JdCloudErrorBody,
  type ResponseMetadata,
} from './errors.js';
export { apiVersion, basePath, defaultEndpoint, vmOperations, type VmOperationId } from './generated/operations.js';
export type { components, operations, paths } from './generated/schema.js';
export type { OperationSpec } from './operation.js';
export { VERSION } from './version.js';
export { waiters, type WaiterName, type WaiterOptions } from './waiters.js';
export { decodeIndexedQuery, encodeIndexedQuery, IndexedQueryError, rfc3986, type QueryValue } from './query.js';
export {
  signRequest,
  verifySignature,
  type SignableRequest,
  type SignatureVersion,
  type SigningCredentials,
} from './signing.js';
