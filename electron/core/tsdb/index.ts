export { TSDB, TSDBReader, type TSDBOptions, type TSDBStats, type TSDBStat, type ReaderHandle } from './db.js';
export { importOpenMetrics, type ImportOptions, type ImportResult } from './import.js';
