import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Entry, PromParser, TextParseError } from '../../../../../electron/core/scrape/textparse/index.js';
import { referenceData } from '../../../../referenceData.js';
import { dump } from './dump.js';

const DATA = referenceData('prometheus-testdata/model/textparse/testdata');
const TESTDATA = DATA.path + '/';

function parse(body: string | Buffer): string[] {
  return dump(new PromParser(typeof body === 'string' ? Buffer.from(body, 'utf8') : body));
}

function errorOf(body: string | Buffer, lazyChecks = false): TextParseError {
  const p = new PromParser(typeof body === 'string' ? Buffer.from(body, 'latin1') : body, { lazyChecks });
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

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'PromParser on Prometheus testdata', () => {
  it('parses the 237-family body with metadata', () => {
    const rows = parse(readFileSync(TESTDATA + 'alltypes.237mfs.prom.txt'));
    const samples = rows.filter((r) => !/^(HELP|TYPE|COMMENT) /.test(r));
    expect(samples).toHaveLength(1857);
    expect(rows.filter((r) => r.startsWith('TYPE '))).toHaveLength(237);
    expect(rows.filter((r) => r.startsWith('HELP '))).toHaveLength(237);
    expect(rows).toContain('TYPE go_gc_duration_seconds summary');
    expect(rows).toContain('go_gc_duration_seconds_count 190932');
    // Prometheus 3 normalises summary quantiles: quantile="0" becomes "0.0".
    expect(rows).toContain('go_gc_duration_seconds{quantile="0.0"} 0.000076238');
    expect(rows).toContain('go_gc_gomemlimit_bytes 903676723');
  });

  it('parses the same body without metadata, leaving le and quantile as written', () => {
    const rows = parse(readFileSync(TESTDATA + 'alltypes.237mfs.nometa.prom.txt'));
    const samples = rows.filter((r) => !/^(HELP|TYPE|COMMENT) /.test(r));
    expect(samples).toHaveLength(1857);
    expect(rows).toContain('go_gc_duration_seconds{quantile="0"} 0.000076238');
  });
});

describe('PromParser accepts what Prometheus accepts', () => {
  it('blanks, comments, metadata and label spacing variants', () => {
    const body = [
      '# HELP rpc_latency_seconds How long RPCs took.',
      '#\t TYPE rpc_latency_seconds summary',
      'rpc_latency_seconds{quantile="0.5"} 0.25',
      'rpc_latency_seconds{quantile="0.9",} 0.5',
      'rpc_latency_seconds{ quantile="0.99", svc="db"} 1.5',
      'rpc_latency_seconds { quantile = "1" , svc = "db" , } 2',
      'rpc_latency_seconds{quantile="0.75" svc="web"} 3',
      '',
      '   ',
      '# HELPER is just a comment',
      '#',
      '#no space either',
      '# HELP bare_help',
      '# HELP blank_help \t ',
      'disk:read_bytes:rate5m{dev="sda"}\t17',
      '_leading_underscore{_x="1"} 1',
      'temp_celsius 21.5  \t1700000000000',
    ].join('\n');
    expect(parse(body)).toEqual([
      'HELP rpc_latency_seconds "How long RPCs took."',
      'TYPE rpc_latency_seconds summary',
      'rpc_latency_seconds{quantile="0.5"} 0.25',
      'rpc_latency_seconds{quantile="0.9"} 0.5',
      'rpc_latency_seconds{quantile="0.99", svc="db"} 1.5',
      'rpc_latency_seconds{quantile="1.0", svc="db"} 2',
      'rpc_latency_seconds{quantile="0.75", svc="web"} 3',
      'COMMENT "# HELPER is just a comment"',
      'COMMENT "#"',
      'COMMENT "#no space either"',
      'HELP bare_help ""',
      'HELP blank_help ""',
      'disk:read_bytes:rate5m{dev="sda"} 17',
      '_leading_underscore{_x="1"} 1',
      'temp_celsius 21.5 @1700000000000',
    ]);
  });

  it('escapes in label values and HELP, NUL bytes where Prometheus allows them', () => {
    const body =
      'q{path="C:\\\\dir", say="\\"hi\\"", nl="a\\nb", other="\\t"} 1\n' +
      '# HELP q back\\\\slash, new\\nline, kept \\" and \\t\n' +
      '# HELP nul before\x00after\n' +
      'nul{v="x\x00y"} 2\n';
    expect(parse(body)).toEqual([
      'q{nl="a\\nb", other="\\\\t", path="C:\\\\dir", say="\\"hi\\""} 1',
      'HELP q "back\\\\slash, new\\nline, kept \\\\\\" and \\\\t"',
      'HELP nul "before\\u0000after"',
      'nul{v="x\\x00y"} 2',
    ]);
  });

  it('values: NaN, infinities in every spelling Go accepts, exponents, signs', () => {
    const lines = ['NaN', 'nan', '+Inf', '-Inf', 'inf', 'Infinity', '-infinity', '1e3', '-2.5E-3', '.5', '5.', '+7', '0x1'.replace('x1', '')];
    const body = lines.map((v, i) => `v${i} ${v}`).join('\n');
    const vals = parse(body).map((r) => r.split(' ')[1]);
    expect(vals).toEqual(['NaN', 'NaN', 'Infinity', '-Infinity', 'Infinity', 'Infinity', '-Infinity', '1000', '-0.0025', '0.5', '5', '7', '0']);
  });

  it('values with many digits round exactly as strconv.ParseFloat', () => {
    const vals = ['1.7268398142239082e+09', '0.30000000000000004', '123456789012345678', '4.9351e-05', '1e-320'];
    const rows = parse(vals.map((v, i) => `m${i} ${v}`).join('\n'));
    expect(rows.map((r) => Number(r.split(' ')[1]))).toEqual(vals.map(Number));
  });

  it('quoted UTF-8 metric and label names (text format 1.0.0)', () => {
    const body =
      '# HELP "http.server.duration" Request time.\n' +
      '# TYPE "http.server.duration" gauge\n' +
      '{"http.server.duration","route.name"="/a b",code="200"} 0.3\n' +
      '{ "ünïcödé €", "quote\\"d"="v" } 1\n';
    expect(parse(body)).toEqual([
      'HELP http.server.duration "Request time."',
      'TYPE http.server.duration gauge',
      '{"http.server.duration", code="200", "route.name"="/a b"} 0.3',
      '{"ünïcödé €", "quote\\"d"="v"} 1',
    ]);
  });

  it('drops empty label values, as an absent label', () => {
    expect(parse('m{a="", b="x"} 1\n')).toEqual(['m{b="x"} 1']);
  });

  it('a body without a final newline', () => {
    expect(parse('a 1\nb 2')).toEqual(['a 1', 'b 2']);
  });

  it('counts lines, blank and comment lines included', () => {
    const p = new PromParser(Buffer.from('# c\n\nm 1\n\n# TYPE m gauge\nm2 2\n'));
    const lines: number[] = [];
    for (let e = p.next(); e !== Entry.EOF; e = p.next()) lines.push(p.line);
    expect(lines).toEqual([1, 3, 5, 6]);
  });

  it('series keys are the raw text, so equal series written alike share a key', () => {
    const p = new PromParser(Buffer.from('m{a="1"} 1\nm{a="1"}  2 5\nm {a="1"} 3\n'));
    const keys: string[] = [];
    for (let e = p.next(); e !== Entry.EOF; e = p.next()) keys.push(p.seriesKey(), p.ownedSeriesKey());
    expect(keys).toEqual(['m{a="1"}', 'm{a="1"}', 'm{a="1"}', 'm{a="1"}', 'm {a="1"}', 'm {a="1"}']);
  });
});

describe('PromParser errors: first error, its line, Prometheus wording', () => {
  const cases: Array<[string, string]> = [
    ['up', 'line 1: expected value after metric, got "\\n" ("INVALID") while parsing: "up\\n"'],
    ['ok 1\nreq{code=\'200\'} 1\n', `line 2: expected label value, got "'" ("INVALID") while parsing: "req{code='"`],
    ['req{code=\n', 'line 1: expected label value, got "\\n" ("INVALID") while parsing: "req{code=\\n"'],
    ['req{\xe9="x"} 1\n', 'line 1: expected label name, got "\\xe9" ("INVALID") while parsing: "req{\\xe9"'],
    ['req{code="\xc3"} 1\n', 'line 1: invalid UTF-8 label value: "\\"\\xc3\\""'],
    ['{"svc", "x y "z"} 1', 'line 1: expected equal, got "z\\"" ("LNAME") while parsing: "{\\"svc\\", \\"x y \\"z\\""'],
    ['req{x=\'1\'', `line 1: expected label value, got "'" ("INVALID") while parsing: "req{x='"`],
    ['a 1\nb 2\nc yes\n', 'line 3: strconv.ParseFloat: parsing "yes": invalid syntax while parsing: "c yes"'],
    ['cut{reason="', 'line 1: expected label value, got "\\"\\n" ("INVALID") while parsing: "cut{reason=\\"\\n"'],
    ['blank{="v"} 0', 'line 1: expected label name, got "=\\"" ("EQUAL") while parsing: "blank{=\\""'],
    ['sep 1_000\n', 'line 1: unsupported character in float while parsing: "sep 1_000"'],
    ['hex 0x1p4\n', 'line 1: unsupported character in float while parsing: "hex 0x1p4"'],
    ['hex 0x10\n', 'line 1: strconv.ParseFloat: parsing "0x10": invalid syntax while parsing: "hex 0x10"'],
    ['big 1e400\n', 'line 1: strconv.ParseFloat: parsing "1e400": value out of range while parsing: "big 1e400"'],
    ['bad_nan +NaN\n', 'line 1: strconv.ParseFloat: parsing "+NaN": invalid syntax while parsing: "bad_nan +NaN"'],
    ['ts 1 17_0\n', 'line 1: expected next entry after timestamp, got "_" ("INVALID") while parsing: "ts 1 17_"'],
    ['ts 1 -5\n', 'line 1: expected timestamp or new record, got "-" ("INVALID") while parsing: "ts 1 -"'],
    ['ts 1 99999999999999999999\n', 'line 1: strconv.ParseInt: parsing "99999999999999999999": value out of range while parsing: "ts 1 99999999999999999999"'],
    ['{code="200"} 1', 'line 1: metric name not set while parsing: "{code=\\"200\\"} 1"'],
    ['{"a","b"} 1', 'line 1: metric name already set while parsing: "{\\"a\\",\\"b\\"}"'],
    ['# TYPE ?\n', 'line 1: expected metric name after TYPE, got "?" ("INVALID") while parsing: "# TYPE ?"'],
    ['# HELP \n', 'line 1: expected metric name after HELP, got "\\n" ("INVALID") while parsing: "# HELP \\n"'],
    ['# TYPE m countr\n', 'line 1: invalid metric type "countr"'],
    ['# TYPE m gauge \n', 'line 1: invalid metric type "gauge "'],
    ['# HELP m bad \xff help\n', 'line 1: help text "bad \\xff help" is not a valid utf8 string'],
    ['m{a="1",a="2"} 1\n', 'line 1: label name "a" is not unique: invalid sample'],
    ['m 1 2 3\n', 'line 1: expected next entry after timestamp, got "3\\n" ("TIMESTAMP") while parsing: "m 1 2 3\\n"'],
    ['m 1 garbage\n', 'line 1: expected timestamp or new record, got "g" ("INVALID") while parsing: "m 1 g"'],
    ['m 1\r\n', 'line 1: strconv.ParseFloat: parsing "1\\r": invalid syntax while parsing: "m 1\\r"'],
    ['m{a="1"}{b="2"} 1\n', 'line 1: expected value after metric, got "{b" ("BOPEN") while parsing: "m{a=\\"1\\"}{b"'],
    ['ok 1\n<html><body>Not metrics</body></html>\n', 'line 2: expected a valid start token, got "<" ("INVALID") while parsing: "<"'],
    ['nul{b=\x00"x"} 1\n', 'line 1: expected label value, got "\\x00" ("INVALID") while parsing: "nul{b=\\x00"'],
    ['nul\x00{b="x"} 1', 'line 1: expected value after metric, got "\\x00" ("INVALID") while parsing: "nul\\x00"'],
  ];
  it.each(cases)('%j', (body, want) => {
    const err = errorOf(body);
    expect(err.message).toBe(want);
    expect(err.message).not.toContain('\n');
    // Labels lexed on demand (the scrape loop's mode) find the same first error.
    expect(errorOf(body, true).message).toBe(want);
  });

  it('reports the line of the first error, not a later one', () => {
    const err = errorOf('a 1\n# ok\n\nb{x="1"} oops\nc{ 1\n');
    expect(err.line).toBe(4);
  });

  it('detects duplicate series when asked', () => {
    const p = new PromParser(Buffer.from('m{a="1",b="2"} 1\nm 1\nm{b="2",a="1"} 3\n'), { checkDuplicates: true });
    expect(() => {
      while (p.next() !== Entry.EOF);
    }).toThrow('line 3: duplicate series m{a="1", b="2"} (already on line 1)');
  });

  it('allows the same series again with explicit timestamps', () => {
    const p = new PromParser(Buffer.from('m 1 1000\nm 2 2000\n'), { checkDuplicates: true });
    let n = 0;
    while (p.next() !== Entry.EOF) n++;
    expect(n).toBe(2);
  });
});
