import { describe, expect, it } from 'vitest';
import { diagnosticFromEngineError } from '../../../../../renderer/query/editor/engineLint.js';

describe('diagnosticFromEngineError', () => {
  it('maps line:col to the token at that position', () => {
    const doc = 'rate(up)';
    const d = diagnosticFromEngineError(doc, 'invalid parameter "query": 1:6: parse error: expected type range vector in call to function "rate", got instant vector');
    expect(doc.slice(d.from, d.to)).toBe('up');
    expect(d.message).toBe('expected type range vector in call to function "rate", got instant vector');
  });

  it('marks the last character for errors at the end of input', () => {
    const d = diagnosticFromEngineError('sum(', '1:5: parse error: unclosed left parenthesis');
    expect(d).toEqual({ from: 3, to: 4, message: 'unclosed left parenthesis' });
  });

  it('counts lines for multi-line queries', () => {
    const doc = 'sum(\n  rate(foo[5m]) +\n  bar{'; // error on line 3
    const d = diagnosticFromEngineError(doc, '3:3: parse error: unexpected end of input');
    expect(doc.slice(d.from, d.to)).toBe('bar');
  });

  it('marks everything when the engine gives no position', () => {
    expect(diagnosticFromEngineError('foo', 'something odd')).toEqual({ from: 0, to: 3, message: 'something odd' });
  });
});
