/**
 * Property-based fuzzing of the template engine: arbitrary text, text built from the
 * template language's own pieces, and mutations of the case tables' templates. Parsing
 * must give a template or a TemplateError worded as Go's (`template: NAME:LINE: …`);
 * executing whatever parses, over fixed data and with small limits, must give text or a
 * TemplateError — never another exception, a hang or a stack overflow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleQueryFunc } from '../../../../electron/core/rules/types.js';
import { expandAlertTemplate, parseTemplate, TemplateError, type Template } from '../../../../electron/core/template/index.js';
import { fuzzRuns, fuzzSeed, fuzzTimeoutMs } from '../../../fuzzSettings.js';
import { BUILTINS, CHECKED_WITH_GO, CONSTANTS, CONTROL, SYNTAX, VARIABLES } from './execCases.js';

const RUNS = fuzzRuns(1500);
const SEED = fuzzSeed(1616);
const MAX_MS_PER_INPUT = 1000;
const TIMEOUT_MS = fuzzTimeoutMs(RUNS * 3, 5);

const DATA = { a: { b: 'c' }, list: [1n, 2n, 3n], m: { x: 1.5, y: 'z' }, s: 'text', n: 42n, f: 0.5, t: true, nil: null };
const LIMITS = { maxSteps: 20_000, maxOutputBytes: 64 * 1024, timeoutMs: 1_000, maxDepth: 200 };
const FUNCS = { up: (s: unknown) => String(s).toUpperCase(), later: async (x: unknown) => x };

function parseOrNull(text: string): Template | null {
  try {
    return parseTemplate('t', text, { ...LIMITS, funcs: FUNCS });
  } catch (e) {
    if (e instanceof TemplateError) {
      if (!/^template: t:\d+: /.test(e.message)) throw new Error(`malformed parse error ${JSON.stringify(e.message)} for ${JSON.stringify(text)}`);
      return null;
    }
    throw new Error(`${e instanceof Error ? e.name : typeof e} escaped parsing ${JSON.stringify(text)}: ${String(e)}`);
  }
}

async function executes(text: string): Promise<void> {
  const t0 = Date.now();
  const t = parseOrNull(text);
  if (t) {
    try {
      const out = await t.execute(DATA);
      if (typeof out !== 'string') throw new Error(`non-string output for ${JSON.stringify(text)}`);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw new Error(`${e instanceof Error ? e.name : typeof e} escaped executing ${JSON.stringify(text)}: ${String(e)}`);
      if (!/^template: /.test(e.message)) throw new Error(`malformed execution error ${JSON.stringify(e.message)} for ${JSON.stringify(text)}`);
    }
  }
  const ms = Date.now() - t0;
  if (ms > MAX_MS_PER_INPUT) throw new Error(`${ms} ms for ${JSON.stringify(text)}`);
}

const PIECES = [
  '{{', '}}', '{{- ', ' -}}', '{{/*', '*/}}', ' ', '\n', '.', '.a', '.a.b', '.list', '.m', '.s', '.n', '.nil', '$', '$x', '$x := ', '$x = ', ', ',
  '|', '(', ')', '"s"', '`r`', "'c'", '1', '-2', '1.5', '0x1F', '1e3', 'true', 'nil', 'if ', 'else ', 'end', 'range ', 'with ', 'define "d"', 'template "d" ',
  'block "b" ', 'break', 'continue', 'and ', 'or ', 'not ', 'eq ', 'lt ', 'len ', 'index ', 'slice ', 'print ', 'printf "%v %d %s %5.2f %q %x" ', 'html ',
  'js ', 'urlquery ', 'call ', 'up ', 'later ', 'text', ':=', '=', '%', 'é', '\u00a0',
];

const tableTemplates = [CONTROL, VARIABLES, BUILTINS, CONSTANTS, SYNTAX, CHECKED_WITH_GO].flat().map((r) => r[0]);

const pieceText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(''));
const mutated = fc
  .tuple(fc.constantFrom(...tableTemplates), fc.nat(), fc.nat(), fc.constantFrom(...PIECES, ''))
  .map(([t, i, j, ins]) => {
    const a = i % (t.length + 1);
    const b = Math.min(t.length, a + (j % 4));
    return t.slice(0, a) + ins + t.slice(b);
  });

describe('template engine under fuzzing', () => {
  it(
    'arbitrary text parses or fails with a Go-worded error, and executes or fails likewise',
    async () => {
      await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), executes), { numRuns: RUNS, seed: SEED });
    },
    TIMEOUT_MS,
  );

  it(
    'text made of the language’s pieces',
    async () => {
      await fc.assert(fc.asyncProperty(pieceText, executes), { numRuns: RUNS, seed: SEED + 1 });
    },
    TIMEOUT_MS,
  );

  it(
    'mutations of the case tables’ templates',
    async () => {
      await fc.assert(fc.asyncProperty(mutated, executes), { numRuns: RUNS, seed: SEED + 2 });
    },
    TIMEOUT_MS,
  );

  it(
    'alert expansion only ever rejects with a TemplateError',
    async () => {
      const query: RuleQueryFunc = async () => [];
      await fc.assert(
        fc.asyncProperty(fc.oneof(pieceText, mutated), async (text) => {
          try {
            await expandAlertTemplate('__alert_F', text, { labels: { a: 'b' }, externalLabels: {}, externalURL: 'http://x/', value: 1 }, 0, query);
          } catch (e) {
            expect(e).toBeInstanceOf(TemplateError);
            expect((e as Error).message).toMatch(/^error (parsing|executing) template __alert_F: template: __alert_F:\d+/);
          }
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: SEED + 3 },
      );
    },
    TIMEOUT_MS,
  );
});
