export { parseTimeInterval } from './parse.js';
export { type InclusiveRange, intervalsContain, TimeInterval, type TimeIntervalFields, type TimeRange } from './timeInterval.js';
