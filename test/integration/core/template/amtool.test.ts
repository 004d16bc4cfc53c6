/**
 * Go's own text/template and fmt as the reference: Debian's amtool (Alertmanager 0.25, built
 * with Go's text/template) renders the data-free cases of the unit tables, and must print
 * what Hearth prints. Each case is rendered in one batch between separators. Cases whose
 * output depends on a Go newer than amtool's (range over an integer: Go 1.22; types named
 * in comparison errors: Go 1.25) and error cases (amtool stops at the first) are left to the
 * unit tables.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { goQuote } from '../../../../shared/text/quote.js';
import { parseTemplate } from '../../../../electron/core/template/index.js';
import { BUILTINS, CHECKED_WITH_GO, CONSTANTS, CONTROL, PARSE_ERRORS, SYNTAX, VARIABLES } from '../../../unit/core/template/execCases.js';
import { FMT_CASES } from '../../../unit/core/template/fmtCases.js';

const AMTOOL = '/usr/bin/amtool';
const SKIP = existsSync(AMTOOL) ? null : `SKIPPED: ${AMTOOL} is missing (Debian's prometheus-alertmanager package is the reference)`;

/** A Go template literal for an operand, or null when it has none. */
function literal(v: unknown): string | null {
  switch (typeof v) {
    case 'bigint':
      return String(v);
    case 'boolean':
      return String(v);
    case 'string':
      return goQuote(v);
    case 'number': {
      if (!Number.isFinite(v) || Object.is(v, -0)) return null;
      const s = String(v);
      return /[.e]/.test(s) ? s.replace('e+', 'e') : s + '.0';
    }
  }
  return null;
}

function cases(): { text: string; expected: string }[] {
  const out: { text: string; expected: string }[] = [];
  for (const [format, args, expected] of FMT_CASES) {
    const lits = args.map(literal);
    if (lits.some((l) => l === null)) continue;
    out.push({ text: `{{ printf ${goQuote(format)} ${lits.join(' ')} }}`, expected });
  }
  for (const rows of [CONTROL, VARIABLES, BUILTINS, CONSTANTS, SYNTAX, CHECKED_WITH_GO]) {
    for (const [text, data, expected, opts] of rows) {
      if (data !== null || opts || expected.startsWith('ERR ')) continue;
      if (/\{\{-?\s*range \$?\w*\s*:?=?\s*\d/.test(text) || /range 3|range 0/.test(text)) continue;
      if (/\b(fail|later|laterFail|twice|add|getFn)\b/.test(text)) continue;
      out.push({ text, expected });
    }
  }
  return out;
}

const SEP = '<<<case>>>';

describe.skipIf(SKIP !== null)(SKIP ?? 'Go text/template and fmt against amtool (Go)', () => {
  test('amtool renders every data-free case as Hearth does', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(150);
    const dir = mkdtempSync(join(tmpdir(), 'hearth-amtool-'));
    try {
      writeFileSync(join(dir, 'empty.tmpl'), '');
      // Each case gets its own define, so variables and defines of one do not reach the next.
      const texts = all.map((c, i) => c.text.replace(/\{\{\s*define "(\w+)"/g, `{{define "c${i}_$1"`).replace(/\{\{\s*(template|block) "(\w+)"/g, `{{$1 "c${i}_$2"`));
      const body = texts.join(SEP);
      const out = execFileSync(AMTOOL, ['template', 'render', `--template.glob=${join(dir, 'empty.tmpl')}`, `--template.text=${body}`], { encoding: 'utf8' });
      const theirs = out.split(SEP);
      expect(theirs.length).toBe(all.length);
      const ours = await parseTemplate('t', body).execute(null);
      const mismatches: string[] = [];
      ours.split(SEP).forEach((o, i) => {
        if (o !== theirs[i]) mismatches.push(`${all[i]!.text}: Go ${JSON.stringify(theirs[i])}, Hearth ${JSON.stringify(o)}`);
      });
      expect(mismatches).toEqual([]);
      // And Hearth's own tables agree with Go on these.
      const tableMismatches = all.filter((c, i) => c.expected !== theirs[i]).map((c, i) => `${c.text}: table ${JSON.stringify(c.expected)}, Go ${JSON.stringify(theirs[i])}`);
      expect(tableMismatches).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * Error texts that changed in Go after amtool 0.25's Go, where Hearth follows the newer Go,
 * and Hearth's one deliberate refusal: complex constants (Go prints `{{1+2i}}` as (1+2i)).
 */
const NEWER_GO: readonly RegExp[] = [/incompatible types for comparison: /, /complex constants are not supported/];

describe.skipIf(SKIP !== null)(SKIP ?? 'Go text/template errors against amtool (Go)', () => {
  test('amtool fails every data-free error case with Hearth’s message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-amtool-'));
    try {
      writeFileSync(join(dir, 'empty.tmpl'), '');
      const rows = [CONTROL, VARIABLES, BUILTINS, CONSTANTS, SYNTAX, PARSE_ERRORS, CHECKED_WITH_GO].flat().filter(([text, data, expected, opts]) => data === null && !opts && expected.startsWith('ERR ') && !/\b(fail|later|laterFail|getFn)\b/.test(text) && !/range \d/.test(text));
      expect(rows.length).toBeGreaterThan(40);
      const mismatches: string[] = [];
      let compared = 0;
      for (const [text] of rows) {
        let theirs: string;
        try {
          execFileSync(AMTOOL, ['template', 'render', `--template.glob=${join(dir, 'empty.tmpl')}`, `--template.text=${text}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          theirs = '(no error)';
        } catch (e) {
          theirs = String((e as { stderr?: string }).stderr ?? '').replace(/^amtool: error: /, '').trimEnd();
        }
        // amtool's template is named "" and its data is Alertmanager's sample data, which none of these rows read.
        let ours: string;
        try {
          await parseTemplate('', text).execute(null);
          ours = '(no error)';
        } catch (e) {
          ours = (e as Error).message;
        }
        if (NEWER_GO.some((re) => re.test(ours))) continue;
        compared++;
        if (ours !== theirs) mismatches.push(`${JSON.stringify(text)}:\n  Go:     ${theirs}\n  Hearth: ${ours}`);
      }
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThan(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
