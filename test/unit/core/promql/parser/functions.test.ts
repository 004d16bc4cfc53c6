import { describe, expect, it } from 'vitest';
import { FUNCTIONS, getFunction, parseExpr } from '../../../../../electron/core/promql/parser/index.js';

/** Every function Prometheus 3.x's parser knows. */
const PROMETHEUS_FUNCTIONS = `abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil changes clamp
clamp_max clamp_min cos cosh count_over_time days_in_month day_of_month day_of_week day_of_year deg delta deriv
double_exponential_smoothing end exp first_over_time floor histogram_avg histogram_count histogram_fraction
histogram_quantile histogram_quantiles histogram_stddev histogram_stdvar histogram_sum hour idelta increase info
integral irate label_join label_replace last_over_time ln log10 log2 mad_over_time max_of max_over_time min_of
min_over_time minute month pi predict_linear present_over_time quantile_over_time rad range rate resets round scalar
sgn sin sinh sort sort_by_label sort_by_label_desc sort_desc sqrt start start_timestamp step stddev_over_time
stdvar_over_time sum_over_time tan tanh time timestamp ts_of_first_over_time ts_of_last_over_time
ts_of_max_over_time ts_of_min_over_time vector year`.split(/\s+/);

describe('function signatures', () => {
  it('lists exactly the Prometheus functions, each under its own name', () => {
    expect(Object.keys(FUNCTIONS).sort()).toEqual([...PROMETHEUS_FUNCTIONS].sort());
    for (const [name, f] of Object.entries(FUNCTIONS)) expect(f.name).toBe(name);
  });

  it('has the argument and return types of Prometheus', () => {
    expect(FUNCTIONS.rate).toMatchObject({ argTypes: ['matrix'], variadic: 0, returnType: 'vector', experimental: false });
    expect(FUNCTIONS.histogram_quantile).toMatchObject({ argTypes: ['scalar', 'vector'], returnType: 'vector' });
    expect(FUNCTIONS.label_replace!.argTypes).toEqual(['vector', 'string', 'string', 'string', 'string']);
    expect(FUNCTIONS.label_join).toMatchObject({ variadic: -1 });
    expect(FUNCTIONS.round).toMatchObject({ argTypes: ['vector', 'scalar'], variadic: 1 });
    expect(FUNCTIONS.hour).toMatchObject({ argTypes: ['vector'], variadic: 1 });
    expect(FUNCTIONS.scalar).toMatchObject({ returnType: 'scalar' });
    expect(FUNCTIONS.time).toMatchObject({ argTypes: [], returnType: 'scalar' });
    expect(FUNCTIONS.info).toMatchObject({ argTypes: ['vector', 'vector'], variadic: 1, experimental: true });
    expect(FUNCTIONS.histogram_quantiles).toMatchObject({ variadic: 9, experimental: true });
    expect(FUNCTIONS.double_exponential_smoothing).toMatchObject({ argTypes: ['matrix', 'scalar', 'scalar'], experimental: true });
  });

  it('is frozen and looked up without inheriting Object.prototype names', () => {
    expect(Object.isFrozen(FUNCTIONS)).toBe(true);
    expect(Object.isFrozen(FUNCTIONS.rate)).toBe(true);
    expect(getFunction('toString')).toBeUndefined();
    expect(getFunction('constructor')).toBeUndefined();
    expect(() => parseExpr('constructor()')).toThrow('unknown function with name "constructor"');
  });

  it('checks variadic argument counts', () => {
    expect(() => parseExpr('round(x, 1)')).not.toThrow();
    expect(() => parseExpr('round(x, 1, 2)')).toThrow('expected at most 2 argument(s) in call to "round", got 3');
    expect(() => parseExpr('label_join(x, "a", ",", "b", "c", "d", "e")')).not.toThrow();
    expect(() => parseExpr('label_join(x, "a", ",", "b", 1)')).toThrow('expected type string in call to function "label_join", got scalar');
    expect(() => parseExpr('sort_by_label(x)')).not.toThrow();
    expect(() => parseExpr('histogram_quantiles(x, "q")')).toThrow('expected at least 3 argument(s) in call to "histogram_quantiles", got 2');
  });
});
