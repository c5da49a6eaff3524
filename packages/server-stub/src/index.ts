// @jdcloud-vm/server-stub: the programmatic API.
export { startStub, DEFAULTS, type StubOptions, type RunningStub } from './server.js';
export { createApp, type AppDependencies } from './app.js';
export * from './domain/index.js';
export { ApiError, type ErrorStatus, type ErrorEnvelope } from './http/errors.js';
export * as errors from './http/errors.js';
export { StateStore, RegionScope, Collection, type ResourceRecord, type TaskInfo } from './state/store.js';
export { ManualClock, systemClock, isoTime, type Clock } from './state/clock.js';
export { StateFileError, STATE_FORMAT, STATE_VERSION, readStateFile } from './state/persistence.js';
export { SpecIndex } from './spec/index.js';
export type * from './spec/types.js';
export { createLogger, type Logger, type LogLevel } from './log.js';
export { DEFAULT_ACCOUNT, parseAccessKey, parseAccount, type AccessKey, type Account } from './auth/keys.js';
export { OffsetClock } from './state/clock.js';
export type { StubFaults, StubClock } from './server.js';
export type { FaultRule, FaultRuleInput, JournalEntry, JournalFilter, JournalPage, ClockView, ClockChange, Health } from './control/index.js';
export { CONTROL_DOCUMENT_URL } from './control/document.js';
export { stateDocument, type StateFileDocument } from './state/persistence.js';
