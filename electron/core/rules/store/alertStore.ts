/**
 * The alert store as the server holds it: the state store the rule manager saves through, and
 * the history reader the API pages through, each on its own connection to the TSDB's file.
 */

import { SqliteAlertHistory } from './sqliteAlertHistory.js';
import { SqliteAlertStateStore } from './sqliteAlertStateStore.js';

export interface AlertStore {
  readonly state: SqliteAlertStateStore;
  readonly history: SqliteAlertHistory;
  /** Closes both connections; call it before the TSDB closes. */
  close(): void;
}

/** Opens the store in the data directory of an open TSDB (which created and migrated the file). */
export function openAlertStore(dataDir: string): AlertStore {
  const state = SqliteAlertStateStore.open(dataDir);
  let history: SqliteAlertHistory;
  try {
    history = SqliteAlertHistory.open(dataDir);
  } catch (e) {
    state.close();
    throw e;
  }
  return {
    state,
    history,
    close() {
      history.close();
      state.close();
    },
  };
}
