import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Entry, OpenMetricsParser, TextParseError } from '../../../../../electron/core/scrape/textparse/index.js';
import { referenceData } from '../../../../referenceData.js';
import { dump } from './dump.js';

const DATA = referenceData('prometheus-testdata/model/textparse/testdata');
const TESTDATA = DATA.path + '/';

function parse(body: string | Buffer): string[] {
  return dump(new OpenMetricsParser(typeof body === 'string' ? Buffer.from(body, 'utf8') : body));
}

function errorOf(body: string, lazyChecks = false): TextParseError {
  const p = new OpenMetricsParser(Buffer.from(body, 'latin1'), { lazyChecks });
  try {
    for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
      // As the scrape loop asks for new texts: labels of samples, text of HELP lines.
      if (e === Entry.Series) p.labels();
      else if (e === Entry.Help) p.helpText();
    }
  } catch (e) {
    if (e instanceof TextParseError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'OpenMetricsParser on Prometheus testdata', () => {
  it('parses the 5-family body with exemplars and _created series', () => {
    const rows = parse(readFileSync(TESTDATA + 'alltypes.5mfs.om.txt'));
    expect(rows.filter((r) => !/^(HELP|TYPE|UNIT) /.test(r))).toHaveLength(53);
    expect(rows).toContain('TYPE rpc_durations_histogram_seconds histogram');
    expect(rows).toContain('promhttp_metric_handler_errors_created{cause="encoding"} 1726839813.016397');
    expect(rows).toContain(
      'rpc_durations_histogram_seconds_bucket{le="-0.0002899999999999998"} 3 # {dummyID="17783"} -0.0003825067330956884 @1726839814223',
    );
  });

  it('parses the histogram body and normalises le', () => {
    const rows = parse(readFileSync(TESTDATA + '1histogram.om.txt'));
    expect(rows.filter((r) => !/^(HELP|TYPE|UNIT) /.test(r))).toHaveLength(42);
    expect(rows).toContain(
      'golang_manual_histogram_seconds_bucket{address="0.0.0.0", generation="20", le="10.0", port="5001"} 1',
    );
    expect(rows).toContain(
      'golang_manual_histogram_seconds_bucket{address="0.0.0.0", generation="20", le="0.005", port="5003"} 0',
    );
  });
});

describe('OpenMetricsParser accepts what Prometheus accepts', () => {
  it('metadata, units, all types, exemplars, float timestamps', () => {
    const body = [
      '# HELP job_runtime_seconds Time spent in jobs.',
      '# TYPE job_runtime_seconds summary',
      '# UNIT job_runtime_seconds seconds',
      'job_runtime_seconds{quantile="0.5"} 0.2',
      'job_runtime_seconds_count 10',
      '# HELP no_text ',
      '# HELP esc tab \\t quote \\" slash \\\\ nl \\n',
      '# UNIT unitless ',
      'queue_depth 4 1700000000.5',
      '# TYPE lat histogram',
      'lat_bucket{le="0.1"} 3 # {trace_id="abc"} 0.05',
      'lat_bucket{le="+Inf"} 5 # {trace_id="def",span="1"} 0.7 1700000000.25',
      '# TYPE depth gaugehistogram',
      'depth_bucket{le="+Inf"} 2',
      'depth_gcount 2',
      '# TYPE build info',
      'build_info{version="1.2"} 1',
      '# TYPE feature stateset',
      'feature{feature="a"} 1',
      '# TYPE other unknown',
      'other 1',
      '# TYPE jobs counter',
      'jobs_total 17 1700000001 # {id="x"} 1',
      'jobs_created 1699999999.123',
      '{"dotted.name","dotted.label"="v"} 1',
      'trailing_comma{a="1",} 1',
      '# EOF',
    ].join('\n');
    expect(parse(body)).toEqual([
      'HELP job_runtime_seconds "Time spent in jobs."',
      'TYPE job_runtime_seconds summary',
      'UNIT job_runtime_seconds seconds',
      'job_runtime_seconds{quantile="0.5"} 0.2',
      'job_runtime_seconds_count 10',
      'HELP no_text ""',
      'HELP esc "tab \\\\t quote \\" slash \\\\ nl \\n"',
      'UNIT unitless ',
      'queue_depth 4 @1700000000500',
      'TYPE lat histogram',
      'lat_bucket{le="0.1"} 3 # {trace_id="abc"} 0.05',
      'lat_bucket{le="+Inf"} 5 # {span="1", trace_id="def"} 0.7 @1700000000250',
      'TYPE depth gaugehistogram',
      'depth_bucket{le="+Inf"} 2',
      'depth_gcount 2',
      'TYPE build info',
      'build_info{version="1.2"} 1',
      'TYPE feature stateset',
      'feature{feature="a"} 1',
      'TYPE other unknown',
      'other 1',
      'TYPE jobs counter',
      'jobs_total 17 @1700000001000 # {id="x"} 1',
      'jobs_created 1699999999.123',
      '{"dotted.name", "dotted.label"="v"} 1',
      'trailing_comma{a="1"} 1',
    ]);
  });

  it('ends at # EOF with or without a final newline', () => {
    expect(parse('a 1\n# EOF')).toEqual(['a 1']);
    expect(parse('a 1\n# EOF\n')).toEqual(['a 1']);
    expect(parse('# EOF\n')).toEqual([]);
  });

  it('allows NUL bytes in sample label values and HELP', () => {
    expect(parse('# HELP n a\x00b\nn{v="\x00"} 1\n# EOF\n')).toEqual(['HELP n "a\\u0000b"', 'n{v="\\x00"} 1']);
  });
});

describe('OpenMetricsParser errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'line 1: data does not end with # EOF'],
    ['a 1\n', 'line 2: data does not end with # EOF'],
    ['a 1\n\n# EOF\n', 'line 2: expected a valid start token, got "\\n" ("INVALID") while parsing: "\\n"'],
    ['gauge_only', 'line 1: expected value after metric, got "gauge_only" ("EOF") while parsing: "gauge_only"'],
    ['x 1 # {a="b"} 2', 'line 1: data does not end with # EOF'],
    ['  x 1\n# EOF\n', 'line 1: expected a valid start token, got " " ("INVALID") while parsing: " "'],
    ['7up 1\n# EOF\n', 'line 1: expected a valid start token, got "7" ("INVALID") while parsing: "7"'],
    ['# TYPE t untyped\n# EOF\n', 'line 1: invalid metric type "untyped"'],
    ['# TYPE t gauge \n# EOF\n', 'line 1: invalid metric type "gauge "'],
    ['# TYPE t  gauge\n# EOF\n', 'line 1: invalid metric type " gauge"'],
    ['#  HELP t x\n# EOF\n', 'line 1: expected a valid start token, got "#  " ("INVALID") while parsing: "#  "'],
    ['#\tHELP t x\n# EOF\n', 'line 1: expected a valid start token, got "#\\t" ("INVALID") while parsing: "#\\t"'],
    ['# a comment\n# EOF\n', 'line 1: expected a valid start token, got "# a" ("INVALID") while parsing: "# a"'],
    ['# TYPE \n# EOF\n', 'line 1: expected metric name after TYPE, got "\\n" ("INVALID") while parsing: "# TYPE \\n"'],
    ['# HELP t\n# EOF\n', 'line 1: expected text in HELP'],
    ['# UNIT t\n# EOF\n', 'line 1: expected text in UNIT'],
    ['# UNIT temp celsius\n# EOF\n', 'line 1: unit "celsius" not a suffix of metric "temp"'],
    ['# UNIT tempcelsius celsius\n# EOF\n', 'line 1: unit "celsius" not a suffix of metric "tempcelsius"'],
    ['t\t1\n# EOF\n', 'line 1: expected value after metric, got "\\t" ("INVALID") while parsing: "t\\t"'],
    ['t  1\n# EOF\n', 'line 1: expected value after metric, got "  " ("INVALID") while parsing: "t  "'],
    ['t 1\t5\n# EOF\n', 'line 1: strconv.ParseFloat: parsing "1\\t5": invalid syntax while parsing: "t 1\\t5"'],
    ['t 1 5 \n# EOF\n', 'line 1: expected next entry after timestamp, got " \\n" ("INVALID") while parsing: "t 1 5 \\n"'],
    ['t 1 5 6\n# EOF\n', 'line 1: expected next entry after timestamp, got " 6\\n" ("TIMESTAMP") while parsing: "t 1 5 6\\n"'],
    ['t 1 5s\n# EOF\n', 'line 1: strconv.ParseFloat: parsing "5s": invalid syntax while parsing: "t 1 5s"'],
    ['t 1 NaN\n# EOF\n', 'line 1: invalid timestamp NaN'],
    ['t 1 +Inf\n# EOF\n', 'line 1: invalid timestamp +Inf'],
    ['# EOF\nt 1\n', 'line 1: unexpected data after # EOF'],
    ['# EOF\n\n', 'line 1: unexpected data after # EOF'],
    ['t{,a="1"} 1\n# EOF\n', 'line 1: expected label name, got ",a" ("COMMA") while parsing: "t{,a"'],
    ['t{a="1" b="2"} 1\n# EOF\n', 'line 1: expected comma or brace close, got " " ("INVALID") while parsing: "t{a=\\"1\\" "'],
    ['t{a="1"b="2"} 1\n# EOF\n', 'line 1: expected comma or brace close, got "b=" ("LNAME") while parsing: "t{a=\\"1\\"b="'],
    ['t{a="1",,b="2"} 1\n# EOF\n', 'line 1: expected label name, got ",b" ("COMMA") while parsing: "t{a=\\"1\\",,b"'],
    ['t{a=\n# EOF\n', 'line 1: expected label value, got "\\n" ("INVALID") while parsing: "t{a=\\n"'],
    ['t{a="\xfe"} 1\n# EOF\n', 'line 1: invalid UTF-8 label value: "\\"\\xfe\\""'],
    ['t{a="1"} 1 # {id=x}\n# EOF\n', 'line 1: expected label value, got "x" ("INVALID") while parsing: "t{a=\\"1\\"} 1 # {id=x"'],
    ['t 1 # {id="x"}\n# EOF\n', 'line 1: expected value after exemplar labels, got "\\n" ("INVALID") while parsing: "t 1 # {id=\\"x\\"}\\n"'],
    ['t 1 # {"x"}\n# EOF\n', 'line 1: expected label name, got "}\\n" ("BCLOSE") while parsing: "t 1 # {\\"x\\"}\\n"'],
    ['t 1 # {id="x"} 1 NaN\n# EOF\n', 'line 1: invalid exemplar timestamp NaN'],
    ['t 1 # {id="x"} 1 2 3\n# EOF\n', 'line 1: expected next entry after exemplar timestamp, got " 3\\n" ("TIMESTAMP") while parsing: "t 1 # {id=\\"x\\"} 1 2 3\\n"'],
    ['t 1 # {id="x"} one\n# EOF\n', 'line 1: strconv.ParseFloat: parsing "one": invalid syntax while parsing: "t 1 # {id=\\"x\\"} one"'],
    ['t 1 # {id="\x00"} 1\n# EOF\n', 'line 1: expected label value, got "\\"\\x00" ("INVALID") while parsing: "t 1 # {id=\\"\\x00"'],
    ['{a="1"} 1\n# EOF\n', 'line 1: metric name not set while parsing: "{a=\\"1\\"} 1"'],
    ['#', 'line 1: expected a valid start token, got "#" ("INVALID") while parsing: "#"'],
  ];
  it.each(cases)('%j', (body, want) => {
    const err = errorOf(body);
    expect(err.message).toBe(want);
    // Labels lexed on demand (the scrape loop's mode) find the same first error.
    expect(errorOf(body, true).message).toBe(want);
  });
});
