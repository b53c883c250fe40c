import { ExpressionError } from './errors.js';

export type TokenKind = 'number' | 'string' | 'identifier' | 'punctuation' | 'operator' | 'end';

export type Token = {
  readonly kind: TokenKind;
  /** The token's text; for strings, the value with '' unescaped. */
  readonly text: string;
  readonly position: number;
};

const operators = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '!'] as const;
const punctuation = new Set(['(', ')', '[', ']', '.', ',', '*']);
const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_-]/;
const numberPattern = /^-?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/;

/** Splits an expression (the text between `${{` and `}}`) into tokens. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < expression.length) {
    const char = expression[position] ?? '';
    if (/\s/.test(char)) {
      position += 1;
      continue;
    }
    const token = readToken(expression, position, tokens[tokens.length - 1]);
    tokens.push(token.token);
    position = token.next;
  }
  tokens.push({ kind: 'end', text: '', position: expression.length });
  return tokens;
}

type Read = { readonly token: Token; readonly next: number };

function readToken(expression: string, position: number, previous: Token | undefined): Read {
  const char = expression[position] ?? '';
  if (char === "'") return readString(expression, position);
  if (identifierStart.test(char)) return readIdentifier(expression, position);
  if (/[-\d.]/.test(char) && canStartNumber(previous)) {
    const number = numberPattern.exec(expression.slice(position));
    if (number) {
      return {
        token: { kind: 'number', text: number[0], position },
        next: position + number[0].length,
      };
    }
  }
  const operator = operators.find((op) => expression.startsWith(op, position));
  if (operator) {
    return {
      token: { kind: 'operator', text: operator, position },
      next: position + operator.length,
    };
  }
  if (punctuation.has(char)) {
    return { token: { kind: 'punctuation', text: char, position }, next: position + 1 };
  }
  const hint = char === '"' ? "strings use single quotes, as in 'main'" : undefined;
  throw new ExpressionError(expression, position, `unexpected character \`${char}\``, hint);
}

/** `a.b` and `a[0].b` dereference; only where a value may start can `.5` be a number. */
function canStartNumber(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'punctuation') return ['(', '[', ','].includes(previous.text);
  return previous.kind === 'operator';
}

function readString(expression: string, start: number): Read {
  let value = '';
  let position = start + 1;
  while (position < expression.length) {
    const char = expression[position];
    if (char === "'") {
      if (expression[position + 1] !== "'") {
        return { token: { kind: 'string', text: value, position: start }, next: position + 1 };
      }
      value += "'";
      position += 2;
      continue;
    }
    value += char;
    position += 1;
  }
  throw new ExpressionError(
    expression,
    start,
    'unterminated string',
    "close the string with ' and write a quote inside it as ''",
  );
}

function readIdentifier(expression: string, start: number): Read {
  let position = start + 1;
  while (position < expression.length && identifierPart.test(expression[position] ?? '')) {
    position += 1;
  }
  const text = expression.slice(start, position);
  return { token: { kind: 'identifier', text, position: start }, next: position };
}
