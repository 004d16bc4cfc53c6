export { runRuleTests, ruleQueryFunc, floatsMatch, type RunOptions } from './runner.js';
export { parseUnitTestFile, readUnitTestFile, resolveRuleFiles, TestFileError, type UnitTestFile, type TestGroup } from './testFile.js';
export { JUnitReport } from './junit.js';
export type { EvaluableGroup, EvaluableRule, GroupEnv, GroupLoader, LoadGroupsResult } from './groups.js';
