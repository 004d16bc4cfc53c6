/**
 * JSON.stringify for plain data (objects, arrays, strings, numbers, booleans, null) with two
 * differences: nesting costs no stack (a syntax tree may be thousands of levels deep, where
 * JSON.stringify throws a RangeError), and the text stops growing at a cap.
 */

export class JsonTooLarge extends Error {
  constructor(readonly maxChars: number) {
    super(`the response would exceed the limit of ${maxChars} characters`);
    this.name = 'JsonTooLarge';
  }
}

/** Text to emit as it is, where everything else on the stack is a value still to serialise. */
class Raw {
  constructor(readonly text: string) {}
}

export function cappedJson(value: unknown, maxChars: number): string {
  const parts: string[] = [];
  let n = 0;
  const emit = (s: string) => {
    n += s.length;
    if (n > maxChars) throw new JsonTooLarge(maxChars);
    parts.push(s);
  };
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const x = todo.pop();
    if (x instanceof Raw) emit(x.text);
    else if (x === null || typeof x !== 'object') emit(JSON.stringify(x) ?? 'null');
    else if (Array.isArray(x)) {
      emit('[');
      todo.push(new Raw(']'));
      for (let i = x.length - 1; i >= 0; i--) {
        todo.push(x[i] === undefined ? null : x[i]);
        if (i > 0) todo.push(new Raw(','));
      }
    } else {
      // Members left undefined are left out, as JSON.stringify does.
      const entries = Object.entries(x).filter(([, v]) => v !== undefined);
      emit('{');
      todo.push(new Raw('}'));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        todo.push(v, new Raw((i > 0 ? ',' : '') + JSON.stringify(k) + ':'));
      }
    }
  }
  return parts.join('');
}
