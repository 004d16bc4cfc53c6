export { compareGoStrings, type LabelSet, labelSetFingerprint, labelSetString } from './labelSet.js';
export { DEFAULT_ROUTE_OPTS, Route, type RouteOpts } from './route.js';
export { CompiledMatcher, compareMatchers, matchersString } from './routeMatcher.js';
export type { RouteConfig, RouteMatcher, RouteMatchType } from './types.js';
