/**
 * Sending alerts to external Alertmanagers (Alertmanager API v2), as Prometheus's notifier
 * package does. See notifier.ts for the pipeline and how the server wires it.
 */

export { Notifier, NotifierOptionError, DEFAULT_MAX_BATCH_SIZE, DEFAULT_QUEUE_CAPACITY, alertmanagerSetKey, type NotifierOptions } from './notifier.js';
export type { PostFunc, PostResult } from './client.js';
export { alertsPayload, formatTime } from './payload.js';
export { alertmanagerURL, postPath } from './targets.js';
