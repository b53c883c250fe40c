// The value model and the coercions of GitHub Actions expressions: loose equality converts
// mismatched types to numbers and strings compare without regard to case.

export type ExpressionValue =
  null | boolean | number | string | readonly ExpressionValue[] | ExpressionObject;

export type ExpressionObject = { readonly [key: string]: ExpressionValue };

export type ValueKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function kindOf(value: ExpressionValue): ValueKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

export function isObject(value: ExpressionValue): value is ExpressionObject {
  return kindOf(value) === 'object';
}

export function isArray(value: ExpressionValue): value is readonly ExpressionValue[] {
  return Array.isArray(value);
}

/** Falsy: false, 0, -0, NaN, '' and null; every array and object is truthy. */
export function isTruthy(value: ExpressionValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '';
  return true;
}

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const radix = /^([+-]?)0([xXoObB])([0-9a-fA-F]+)$/;
const radixBase: Record<string, number> = { x: 16, o: 8, b: 2 };

/** A string's number: any JSON-like number (also hex, octal, Infinity), '' is 0, else NaN. */
export function parseNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (decimal.test(trimmed)) return Number(trimmed);
  const prefixed = radix.exec(trimmed);
  if (prefixed) {
    const base = radixBase[(prefixed[2] ?? '').toLowerCase()] ?? 10;
    const magnitude = Number.parseInt(prefixed[3] ?? '', base);
    return prefixed[1] === '-' ? -magnitude : magnitude;
  }
  const infinity = /^([+-]?)Infinity$/.exec(trimmed);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  return NaN;
}

export function toNumber(value: ExpressionValue): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseNumber(value);
  return NaN;
}

/**
 * The text of a value where a string is needed (interpolation, format, contains). Arrays and
 * objects have no text form; the caller reports that, naming toJSON as the way out.
 */
export function toText(value: ExpressionValue): string | undefined {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  return undefined;
}

function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '0';
  return String(value);
}

/** GitHub's `==`: same kinds compare directly (strings ignoring case), others as numbers. */
export function looseEquals(left: ExpressionValue, right: ExpressionValue): boolean {
  const leftKind = kindOf(left);
  if (leftKind !== kindOf(right)) return toNumber(left) === toNumber(right);
  if (typeof left === 'string' && typeof right === 'string') {
    return left.toUpperCase() === right.toUpperCase();
  }
  // Numbers compare by value (NaN never equals), everything else by identity.
  return left === right;
}

/** Three-way compare for `<` and friends; undefined when the values are not ordered (NaN). */
export function compareValues(left: ExpressionValue, right: ExpressionValue): number | undefined {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = left.toUpperCase();
    const b = right.toUpperCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const a = toNumber(left);
  const b = toNumber(right);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A property by name: exact first, then ignoring case as GitHub's dictionaries do. */
export function propertyOf(value: ExpressionValue, name: string): ExpressionValue {
  if (!isObject(value)) return null;
  if (Object.prototype.hasOwnProperty.call(value, name)) return value[name] ?? null;
  const upper = name.toUpperCase();
  const key = Object.keys(value).find((candidate) => candidate.toUpperCase() === upper);
  return key === undefined ? null : (value[key] ?? null);
}

/** Converts parsed JSON (fromJSON, contexts built from JSON) into an expression value. */
export function fromJsonValue(parsed: unknown): ExpressionValue {
  if (parsed === null || parsed === undefined) return null;
  if (typeof parsed === 'boolean' || typeof parsed === 'number' || typeof parsed === 'string') {
    return parsed;
  }
  if (Array.isArray(parsed)) return parsed.map((item: unknown) => fromJsonValue(item));
  if (typeof parsed === 'object') {
    const entries = Object.entries(parsed as Record<string, unknown>);
    return Object.fromEntries(entries.map(([key, item]) => [key, fromJsonValue(item)]));
  }
  return null;
}
