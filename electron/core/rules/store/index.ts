export { SqliteAlertStateStore, SAVED_AT_KEY } from './sqliteAlertStateStore.js';
export { SqliteAlertHistory, DEFAULT_MAX_SCANNED, DEFAULT_MAX_MS, type SqliteAlertHistoryOptions } from './sqliteAlertHistory.js';
export { encodeHistoryToken, decodeHistoryToken, type AlertHistoryPage, type AlertHistoryQuery, type AlertHistorySource, type HistoryPosition } from './historyQuery.js';
export { openAlertStore, type AlertStore } from './alertStore.js';
