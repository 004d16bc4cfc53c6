/**
 * Function calls: the evaluator hands every Call here, and the implementation table
 * decides how it is evaluated. No function name is tested outside the table's entries.
 */

import type { Call } from '../parser/ast.js';
import type { EvalValue, Grid } from '../eval/types.js';
import { evalElementwise } from './elementwise.js';
import { FUNCTION_TABLE, implementationOf } from './table.js';
import type { FunctionContext } from './types.js';
import { evalRange, type ModifierNames } from './window.js';

function namesWith(allows: (name: string) => boolean): string[] {
  return Object.keys(FUNCTION_TABLE).filter(allows).sort();
}

/** The functions that allow each modifier, for the error that names them. */
const MODIFIERS: ModifierNames = {
  anchored: namesWith((name) => {
    const f = FUNCTION_TABLE[name]!;
    return f.kind === 'range' && f.anchored;
  }),
  smoothed: namesWith((name) => {
    const f = FUNCTION_TABLE[name]!;
    return f.kind === 'range' && f.smoothed;
  }),
};

export function callFunction(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const f = implementationOf(e.func.name);
  switch (f.kind) {
    case 'elementwise':
      return evalElementwise(ctx, e, g, f);
    case 'range':
      return { kind: 'vector', series: evalRange(ctx, e, g, f, MODIFIERS) };
    case 'special':
      return f.eval(ctx, e, g);
  }
}
