export { runPromqlTestFiles, almostEqual, type PromqlTestSummary, type FileCounts, type RunOptions } from './runner.js';
export { readTestFile, type Command, type EvalCmd, type LoadCmd } from './reader.js';
export { SKIP_LIST, TSDB_SKIP_LIST, type SkipList, type SkipEntry } from './skip-list.js';
export { memoryTestStore, type TestStore, type TestStoreFactory } from './store.js';
