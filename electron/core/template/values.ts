/**
 * Go values as templates see them. A template walks Go data by reflection, so the engine
 * needs Go's types to decide what a field access, a comparison or a printout does, and to
 * name types in errors as Go does. The mapping:
 *
 * - string, boolean: Go's string and bool; number: float64; bigint: int (int64).
 * - undefined and null: no value (Go's invalid reflect.Value, a nil interface{}).
 * - arrays: []interface {}; plain objects and Maps with string keys: map[string]interface {}.
 * - GoSlice, GoMap, GoStruct: typed Go data (Prometheus's queryResult, map[string]string, structs).
 * - GoTime, GoDuration: *time.Time and *time.Duration, with a few of their methods.
 * - SafeHTML: html/template.HTML (a string type).
 * - functions: Go func values (for `call`).
 */

/** A function or method as templates call it: Go's parameter types drive argument checks. */
export interface GoFunc {
  readonly fn: (...args: any[]) => unknown;
  /** Parameter types (Go spelling); null for an untyped `...interface {}` function. */
  readonly params: readonly string[] | null;
  /** Type of the trailing variadic parameter's elements, if any. */
  readonly variadic?: string;
  /** Builtins that take reflect.Value see invalid values as they are. */
  readonly raw?: boolean;
}

/** A function map: what the parser and the executor need of one (a Map is one). */
export interface FuncLookup {
  get(name: string): GoFunc | undefined;
  has(name: string): boolean;
}

export class GoSlice {
  constructor(
    readonly typeName: string,
    readonly items: readonly unknown[],
    readonly methods?: Readonly<Record<string, GoFunc>>,
  ) {}
}

export class GoMap {
  constructor(
    /** The element type, e.g. 'string'; a missing key gives its zero value under missingkey=zero. */
    readonly elemType: string,
    readonly entries: Readonly<Record<string, unknown>>,
    readonly typeName = `map[string]${elemType}`,
    readonly methods?: Readonly<Record<string, GoFunc>>,
  ) {}
}

export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, unknown>>,
    /** True for *T (Prometheus's *sample), which prints as &{…}. */
    readonly pointer = false,
    readonly methods?: Readonly<Record<string, GoFunc>>,
  ) {}

  get goType(): string {
    return this.pointer ? '*' + this.typeName : this.typeName;
  }
}

/** An unsigned Go integer (uint8 from indexing a string, uint64 from Go data): Go keeps it apart from int. */
export class GoUint {
  constructor(
    readonly type: 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr',
    readonly v: bigint,
  ) {}
}

/** html/template.HTML: text that html/template would not escape. */
export class SafeHTML {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type GoKind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'ptr' | 'func';

export function kindOf(v: unknown): GoKind {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return 'invalid';
    case 'function':
      return 'func';
  }
  if (v === null) return 'invalid';
  if (Array.isArray(v) || v instanceof GoSlice) return 'slice';
  if (v instanceof GoMap || v instanceof Map) return 'map';
  if (v instanceof SafeHTML) return 'string';
  if (v instanceof GoUint) return 'uint';
  if (v instanceof GoStruct) return v.pointer ? 'ptr' : 'struct';
  if (v instanceof GoStringer) return 'ptr';
  return 'map';
}

/** Go's name for the type of v (reflect.Type.String()). */
export function typeName(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return '<nil>';
    case 'function':
      return 'func(...interface {}) (interface {}, error)';
  }
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoSlice || v instanceof GoMap) return v.typeName;
  if (v instanceof GoStruct) return v.goType;
  if (v instanceof SafeHTML) return 'template.HTML';
  if (v instanceof GoUint) return v.type;
  if (v instanceof Map) return 'map[string]interface {}';
  if (v instanceof GoStringer) return v.goType;
  return 'map[string]interface {}';
}

/** The zero value of a Go type, as missingkey=zero produces it. */
export function zeroOf(type: string): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'float64':
    case 'float32':
      return 0;
    case 'int':
    case 'int64':
    case 'uint64':
    case 'uint':
    case 'int32':
      return 0n;
    case 'bool':
      return false;
  }
  return undefined;
}

export function isNoValue(v: unknown): v is null | undefined {
  return v === undefined || v === null;
}

/** The elements of a slice value. */
export function sliceItems(v: unknown): readonly unknown[] {
  return v instanceof GoSlice ? v.items : (v as readonly unknown[]);
}

/** A map's entries, keys sorted as Go's fmtsort sorts string keys. */
export function sortedEntries(v: unknown): [string, unknown][] {
  let entries: [string, unknown][];
  if (v instanceof GoMap) entries = Object.entries(v.entries);
  else if (v instanceof Map) entries = [...(v as Map<unknown, unknown>).entries()].map(([k, x]) => [String(k), x]);
  else entries = Object.entries(v as Record<string, unknown>);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return entries;
}

export function mapLength(v: unknown): number {
  if (v instanceof GoMap) return Object.keys(v.entries).length;
  if (v instanceof Map) return v.size;
  return Object.keys(v as object).length;
}

/** Looks up key in a map value: found (with the element) or not. */
export function mapGet(v: unknown, key: string): { found: boolean; value: unknown } {
  if (v instanceof GoMap) {
    return Object.prototype.hasOwnProperty.call(v.entries, key) ? { found: true, value: v.entries[key] } : { found: false, value: undefined };
  }
  if (v instanceof Map) return v.has(key) ? { found: true, value: v.get(key) } : { found: false, value: undefined };
  const o = v as Record<string, unknown>;
  return Object.prototype.hasOwnProperty.call(o, key) ? { found: true, value: o[key] } : { found: false, value: undefined };
}

export function mapElemType(v: unknown): string {
  return v instanceof GoMap ? v.elemType : 'interface {}';
}

/** Go's template truth: the zero value of a type is false; ok is false for values with no truth. */
export function isTrue(v: unknown): { truth: boolean; ok: boolean } {
  switch (kindOf(v)) {
    case 'invalid':
      return { truth: false, ok: true };
    case 'bool':
      return { truth: v as boolean, ok: true };
    case 'int':
      return { truth: v !== 0n, ok: true };
    case 'uint':
      return { truth: (v as GoUint).v !== 0n, ok: true };
    case 'float':
      return { truth: v !== 0, ok: true };
    case 'string':
      return { truth: String(v).length > 0, ok: true };
    case 'slice':
      return { truth: sliceItems(v).length > 0, ok: true };
    case 'map':
      return { truth: mapLength(v) > 0, ok: true };
    case 'struct':
    case 'ptr':
    case 'func':
      return { truth: true, ok: true };
  }
}

/** The methods a value offers to templates. */
export function methodsOf(v: unknown): Readonly<Record<string, GoFunc>> | undefined {
  if (v instanceof GoStruct || v instanceof GoMap || v instanceof GoSlice) return v.methods;
  if (v instanceof GoStringer) return v.goMethods;
  return undefined;
}

/**
 * A Go pointer to a type with a String() method that fmt uses for %v and %s (*time.Time,
 * *time.Duration). A class, not a shape: a user's map with a "goType" key stays a map.
 */
export abstract class GoStringer {
  abstract readonly goType: string;
  abstract readonly goMethods: Readonly<Record<string, GoFunc>>;
  abstract goString(): string;
}

export function isStringer(v: unknown): v is GoStringer {
  return v instanceof GoStringer;
}
