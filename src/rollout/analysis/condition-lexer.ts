import { InputError } from '../../errors/index.js';

// Splits an Argo success/failure condition (expr-lang syntax) into tokens. Pure.

export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'name'; readonly value: string; readonly at: number }
  | { readonly kind: 'op'; readonly value: string; readonly at: number }
  | { readonly kind: 'end'; readonly value: ''; readonly at: number };

/** A condition that does not parse or cannot be evaluated; names the expression and column. */
export class ConditionError extends InputError {
  constructor(
    readonly expression: string,
    problem: string,
    readonly column?: number,
  ) {
    super(
      `condition ${JSON.stringify(expression)}: ${problem}${column ? ` at column ${column}` : ''}`,
      {
        hint: 'fix the metric\'s successCondition or failureCondition (Argo\'s expr syntax, e.g. "result[0] >= 0.95")',
      },
    );
  }
}

// Longest first, so `<=` is not read as `<` then `=`.
const operators = '?. ?? ** == != <= >= && || < > + - * / % ! ( ) [ ] { } , . # ? :'.split(' ');
const numberPattern = /(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/y;
const namePattern = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const char = expression[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const token = readToken(expression, at);
    tokens.push(token.token);
    at = token.next;
  }
  tokens.push({ kind: 'end', value: '', at });
  return tokens;
}

function readToken(source: string, at: number): { token: Token; next: number } {
  const char = source[at] ?? '';
  if (char === '"' || char === "'") return readString(source, at, char);
  const isNumber = /\d/.test(char) || (char === '.' && /\d/.test(source[at + 1] ?? ''));
  if (isNumber) {
    numberPattern.lastIndex = at;
    const text = numberPattern.exec(source)?.[0] ?? char;
    return { token: { kind: 'number', value: Number(text), at }, next: at + text.length };
  }
  namePattern.lastIndex = at;
  const name = namePattern.exec(source)?.[0];
  if (name !== undefined)
    return { token: { kind: 'name', value: name, at }, next: at + name.length };
  const op = operators.find((candidate) => source.startsWith(candidate, at));
  if (op === undefined) {
    throw new ConditionError(source, `unexpected character ${JSON.stringify(char)}`, at + 1);
  }
  return { token: { kind: 'op', value: op, at }, next: at + op.length };
}

function readString(source: string, start: number, quote: string): { token: Token; next: number } {
  let value = '';
  for (let at = start + 1; at < source.length; at += 1) {
    const char = source[at] ?? '';
    if (char === quote) return { token: { kind: 'string', value, at: start }, next: at + 1 };
    if (char === '\\') {
      at += 1;
      const escaped = source[at] ?? '';
      value += escapes[escaped] ?? escaped;
    } else {
      value += char;
    }
  }
  throw new ConditionError(source, `string opened with ${quote} is never closed`, start + 1);
}
