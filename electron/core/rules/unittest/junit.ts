/**
 * --junit: JUnit XML as promtool writes it (Prometheus's util/junitxml): one <testsuite> per
 * test file, one <testcase> per test group run, each failure as a <failure>, and a file that
 * could not be read as the <error> of its last case. Written compact, without an XML header.
 */

export interface JUnitSuite {
  setTime(stamp: string): void;
  addCase(name: string): void;
  fail(message: string): void;
  abort(message: string): void;
}

interface Case {
  name: string;
  failures: string[];
  error: string;
}

interface Suite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  timestamp: string;
  cases: Case[];
}

function esc(s: string): string {
  return s.replace(/[&<>"'\r\n\t]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\r': '&#xD;', '\n': '&#xA;', '\t': '&#x9;' })[c]!);
}

/** Text content escapes as Go's xml.EscapeText: newlines become &#xA; too. */
function escText(s: string): string {
  return esc(s);
}

export class JUnitReport {
  private readonly suites: Suite[] = [];

  suite(name: string): JUnitSuite {
    const s: Suite = { name, tests: 0, failures: 0, errors: 0, timestamp: '', cases: [] };
    this.suites.push(s);
    const last = (): Case => {
      if (s.cases.length === 0) add('unknown');
      return s.cases[s.cases.length - 1]!;
    };
    const add = (caseName: string): void => {
      s.cases.push({ name: caseName, failures: [], error: '' });
      s.tests++;
    };
    return {
      setTime: (stamp) => (s.timestamp = stamp),
      addCase: add,
      fail: (message) => {
        s.failures++;
        last().failures.push(message);
      },
      abort: (message) => {
        s.errors++;
        last().error = message;
      },
    };
  }

  toXML(): string {
    let out = '<testsuites>';
    for (const s of this.suites) {
      out += `<testsuite name="${esc(s.name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="0" timestamp="${esc(s.timestamp)}">`;
      for (const c of s.cases) {
        out += `<testcase name="${esc(c.name)}">`;
        for (const f of c.failures) out += `<failure>${escText(f)}</failure>`;
        if (c.error !== '') out += `<error>${escText(c.error)}</error>`;
        out += '</testcase>';
      }
      out += '</testsuite>';
    }
    return out + '</testsuites>';
  }
}
