/**
 * Property-based fuzzing of the matcher parsers: arbitrary strings and strings of the matcher
 * alphabet. parseMatchers must return matchers or throw MatcherParseError (never a TypeError,
 * a RangeError, …), in bounded time; whatever parses prints to text that parses back to the
 * same matchers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatcherParseError, parseMatchers, type Matcher } from '../../../../../electron/core/notify/matchers/index.js';
import { fuzzRuns, fuzzSeed, fuzzTimeoutMs } from '../../../../fuzzSettings.js';

const RUNS = fuzzRuns(3000);
const SEED = fuzzSeed(1717);
const MAX_MS_PER_INPUT = 500;
const TIMEOUT_MS = fuzzTimeoutMs(RUNS, 2);

function parseOrNull(q: string): Matcher[] | null {
  const t0 = performance.now();
  try {
    return parseMatchers(q);
  } catch (e) {
    if (e instanceof MatcherParseError) return null;
    throw new Error(`${e instanceof Error ? e.name : typeof e} escaped for ${JSON.stringify(q)}: ${String(e)}`);
  } finally {
    const ms = performance.now() - t0;
    if (ms > MAX_MS_PER_INPUT) throw new Error(`${ms.toFixed(0)} ms for ${JSON.stringify(q)}`);
  }
}

const ALPHABET = fc.constantFrom('{', '}', ',', '=', '!', '~', '"', '\\', ' ', 'a', 'b', '_', ':', '.', '*', '(', ')', '|', 'n', '🙂', '\n', "'", '`');

describe('matcher parsers under fuzzing', () => {
  it(
    'throw only MatcherParseError and print what they parse to text that parses the same',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(ALPHABET, { maxLength: 60 }).map((a) => a.join(''))), (q) => {
          const ms = parseOrNull(q);
          if (ms === null) return;
          const printed = ms.map(String).join(',');
          const again = parseOrNull(printed);
          expect(again?.map(String), `reparsing ${JSON.stringify(printed)} from ${JSON.stringify(q)}`).toEqual(ms.map(String));
        }),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT_MS,
  );
});
