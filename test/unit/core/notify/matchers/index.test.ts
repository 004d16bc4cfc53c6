import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { matchesAll, parseMatcher, parseMatchers } from '../../../../../electron/core/notify/matchers/index.js';
import { parseClassicMatchers } from '../../../../../electron/core/notify/matchers/classic.js';
import { parseUtf8Matchers } from '../../../../../electron/core/notify/matchers/utf8.js';

const show = (ms: { toString(): string }[]) => ms.map(String);

describe('classic matcher syntax (pkg/labels)', () => {
  it.each([
    ['foo="bar"', ['foo="bar"']],
    ['{foo = "bar", dings != "bums", }', ['foo="bar"', 'dings!="bums"']],
    ['foo=bar,dings!=bums', ['foo="bar"', 'dings!="bums"']],
    ['statuscode=~"5.."', ['statuscode=~"5.."']],
    ['{quote="She said: \\"Hi, ladies!\\""}', ['quote="She said: \\"Hi, ladies!\\""']],
    ['foo=', ['foo=""']],
    ['foo=bar\\baz', ['foo="bar\\\\baz"']],
    ['foo="a,b", c!~d', ['foo="a,b"', 'c!~"d"']],
  ])('%s', (input, want) => {
    expect(show(parseClassicMatchers(input))).toEqual(want);
  });

  it.each([
    ['1foo=bar', 'bad matcher format: 1foo=bar'],
    ['foo', 'bad matcher format: foo'],
    ['foo="bar', 'matcher value contains unescaped double quote: "bar'],
    ['foo=b"ar', 'matcher value contains unescaped double quote: b"ar'],
    ['foo=~"("', 'error parsing regexp: missing closing ): `^(?:()$`'],
  ])('%s is refused', (input, msg) => {
    expect(() => parseClassicMatchers(input)).toThrow(msg);
  });
});

describe('UTF-8 matcher syntax (matcher/parse)', () => {
  it.each([
    ['', []],
    ['{}', []],
    ['{foo=bar,}', ['foo="bar"']],
    ['{foo=🙂bar}', ['foo="🙂bar"']],
    ['{"foo"="\\xf0\\x9f\\x99\\x82"}', ['foo="🙂"']],
    ['{"foo"="\\U0001f642"}', ['foo="🙂"']],
    ['"foo bar"=~"[a-z]+"', ['"foo bar"=~"[a-z]+"']],
    ['foo=bar,bar!=baz', ['foo="bar"', 'bar!="baz"']],
  ])('%s', (input, want) => {
    expect(show(parseUtf8Matchers(input))).toEqual(want);
  });

  // The error texts of Alertmanager's own parser tests.
  it.each([
    [',', '0:1: unexpected ,: expected label name'],
    ['{,}', '1:2: unexpected ,: expected label name'],
    ['{', '0:1: end of input: expected close brace'],
    ['}', '0:1: }: expected opening brace'],
    ['foo=bar}', '0:8: }: expected opening brace'],
    ['{foo=bar', '0:8: end of input: expected close brace'],
    ['{foo=:"bar"}', '6:11: unexpected "bar": expected a comma or close brace'],
    ['{foo="bar\\w"}', '5:12: "bar\\w": invalid input'],
    ['{foo=bar\\n}', '8:9: \\: invalid input: expected a comma or close brace'],
    ['{"foo"="\\xf0\\x9f"}', '7:17: "\\xf0\\x9f": invalid input'],
    ['foo', "end of input: expected an operator such as '=', '!=', '=~' or '!~'"],
    ['foo=', 'end of input: expected label value'],
    // The lexer's own errors (Alertmanager's lexer tests), wrapped by the parser's expectation.
    ['foo!', "3:4: unexpected end of input, expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'"],
    ['foo!bar', "3:4: !: expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'"],
    ['"hello', '0:6: "hello: missing end "'],
    ['{"hello', '1:7: "hello: missing end "'],
    ['foo=~bar,~', '9:10: ~: invalid input: expected a matcher or close brace after comma'],
  ])('%s is refused', (input, msg) => {
    expect(() => parseUtf8Matchers(input)).toThrow(new RegExp(`^${msg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });
});

describe('parseMatchers (Alertmanager fallback mode)', () => {
  it('takes UTF-8 names the classic parser refuses', () => {
    const [m] = parseMatchers('"service.name"="api"');
    expect(m!.name).toBe('service.name');
    expect(m!.value).toBe('api');
  });
  it('keeps the classic reading where both parse (a trailing backslash stays literal)', () => {
    expect(parseMatchers('foo=bar\\')[0]!.value).toBe('bar\\');
  });
  it("reports the classic parser's error when neither parses", () => {
    expect(() => parseMatchers('foo!bar')).toThrow('bad matcher format: foo!bar');
  });
  it('parseMatcher wants exactly one matcher and no braces', () => {
    expect(parseMatcher('a=~"x|y"').matches('y')).toBe(true);
    expect(() => parseMatcher('{a=b}')).toThrow('unexpected open or close brace: {a=b}');
  });
});

describe('matching', () => {
  it('anchors regexes and treats a missing label as empty', () => {
    const ms = parseMatchers('{job=~"api|web", env!="prod", team!~".+"}');
    expect(matchesAll(ms, { job: 'api', env: 'dev' })).toBe(true);
    expect(matchesAll(ms, { job: 'xapi', env: 'dev' })).toBe(false);
    expect(matchesAll(ms, { job: 'web', env: 'prod' })).toBe(false);
    expect(matchesAll(ms, { job: 'web', team: 'a' })).toBe(false);
    expect(matchesAll(ms, Labels.fromObject({ job: 'web' }))).toBe(true);
  });
  it("'.' does not match a newline, as in Alertmanager's ^(?:v)$", () => {
    expect(parseMatcher('a=~"x.y"').matches('x\ny')).toBe(false);
    expect(parseMatcher('a=~"x.y"').matches('x-y')).toBe(true);
  });
  it('runs in linear time on a catastrophic pattern', () => {
    const m = parseMatcher('a=~"(a+)+b"');
    const t0 = performance.now();
    expect(m.matches('a'.repeat(50_000))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe("printing and order, as Alertmanager's labels.Matcher", () => {
  it('quotes the name only when it holds a reserved character, and escapes values the OpenMetrics way', () => {
    expect(String(parseMatcher('"service.name"="a\\"b"'))).toBe('service.name="a\\"b"');
    expect(String(parseMatchers('"a b"="x\\ty"')[0])).toBe('"a b"="x\\ty"');
    expect(String(parseMatchers('{foo="line\\nnext"}')[0])).toBe('foo="line\\nnext"');
  });
  it('sorts by name, then value, then operator', async () => {
    const { compareMatchers } = await import('../../../../../electron/core/notify/matchers/index.js');
    const ms = parseMatchers('b=~"1", a!="2", b="1", a="3"').sort(compareMatchers);
    expect(ms.map(String)).toEqual(['a!="2"', 'a="3"', 'b="1"', 'b=~"1"']);
  });
});
