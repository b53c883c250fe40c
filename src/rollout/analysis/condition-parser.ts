import { ConditionError, tokenize, type Token } from './condition-lexer.js';

// A recursive-descent parser for the part of expr-lang Argo conditions use. Operator precedence
// follows expr-lang: `or` < `and` < comparisons and `in` < `+ -` < `not` < `* / %` < `**` < unary
// minus. Pure.

export type Node =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'name'; readonly name: string; readonly at: number }
  | { readonly kind: 'pointer'; readonly at: number }
  | {
      readonly kind: 'member';
      readonly object: Node;
      readonly property: string;
      readonly optional: boolean;
      readonly at: number;
    }
  | { readonly kind: 'index'; readonly object: Node; readonly index: Node; readonly at: number }
  | { readonly kind: 'unary'; readonly op: string; readonly operand: Node; readonly at: number }
  | {
      readonly kind: 'binary';
      readonly op: string;
      readonly left: Node;
      readonly right: Node;
      readonly at: number;
    }
  | {
      readonly kind: 'conditional';
      readonly test: Node;
      readonly then: Node;
      readonly otherwise: Node;
      readonly at: number;
    }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Node[];
      readonly at: number;
    }
  | { readonly kind: 'array'; readonly items: readonly Node[] };

const binaryPrecedence: Readonly<Record<string, number>> = {
  '??': 5,
  or: 10,
  '||': 10,
  and: 15,
  '&&': 15,
  '==': 20,
  '!=': 20,
  '<': 20,
  '>': 20,
  '<=': 20,
  '>=': 20,
  in: 20,
  'not in': 20,
  '+': 30,
  '-': 30,
  '*': 60,
  '/': 60,
  '%': 60,
  '**': 100,
};
const notPrecedence = 50;
const negatePrecedence = 90;
const literals: Readonly<Record<string, unknown>> = { true: true, false: false, nil: null };

export function parseCondition(expression: string): Node {
  const parser = new Parser(expression, tokenize(expression));
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

class Parser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  expression(): Node {
    const test = this.binary(0);
    const at = this.peek().at;
    if (!this.accept('?')) return test;
    const then = this.expression();
    this.expect(':');
    return { kind: 'conditional', test, then, otherwise: this.expression(), at };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') this.fail(`unexpected ${describe(token)}`, token);
  }

  private binary(minPrecedence: number): Node {
    let left = this.unary();
    for (let op = this.binaryOp(); op !== undefined; op = this.binaryOp()) {
      const precedence = binaryPrecedence[op] ?? 0;
      if (precedence < minPrecedence) break;
      const at = this.take().at;
      if (op === 'not in') this.take();
      // `**` is right-associative; every other operator is left-associative.
      const right = this.binary(op === '**' ? precedence : precedence + 1);
      left = { kind: 'binary', op, left, right, at };
    }
    return left;
  }

  private binaryOp(): string | undefined {
    const token = this.peek();
    if (token.kind === 'op' && token.value in binaryPrecedence) return token.value;
    if (token.kind !== 'name') return undefined;
    if (token.value === 'not' && this.peek(1).value === 'in') return 'not in';
    return ['and', 'or', 'in'].includes(token.value) ? token.value : undefined;
  }

  private unary(): Node {
    const token = this.peek();
    if (token.value === '!' || (token.kind === 'name' && token.value === 'not')) {
      this.take();
      return { kind: 'unary', op: '!', operand: this.binary(notPrecedence), at: token.at };
    }
    if (token.kind === 'op' && (token.value === '-' || token.value === '+')) {
      this.take();
      return {
        kind: 'unary',
        op: token.value,
        operand: this.binary(negatePrecedence),
        at: token.at,
      };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      const token = this.peek();
      if (this.accept('.') || this.accept('?.')) {
        const property = this.expectName();
        node = {
          kind: 'member',
          object: node,
          property,
          optional: token.value === '?.',
          at: token.at,
        };
      } else if (this.accept('[')) {
        const index = this.expression();
        this.expect(']');
        node = { kind: 'index', object: node, index, at: token.at };
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const token = this.take();
    if (token.kind === 'number' || token.kind === 'string') {
      return { kind: 'literal', value: token.value };
    }
    if (token.kind === 'name') return this.named(token);
    if (token.value === '#') return { kind: 'pointer', at: token.at };
    if (token.value === '(') {
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (token.value === '[') return { kind: 'array', items: this.list(']') };
    if (token.value === '.') {
      // `.field` inside a predicate is short for `#.field`.
      const property = this.expectName();
      return {
        kind: 'member',
        object: { kind: 'pointer', at: token.at },
        property,
        optional: false,
        at: token.at,
      };
    }
    return this.fail(`expected a value but found ${describe(token)}`, token);
  }

  private named(token: Token & { kind: 'name' }): Node {
    if (token.value in literals) return { kind: 'literal', value: literals[token.value] };
    if (!this.accept('(')) return { kind: 'name', name: token.value, at: token.at };
    return { kind: 'call', name: token.value, args: this.list(')'), at: token.at };
  }

  /** Comma-separated expressions up to `close`; `{ … }` is a predicate (a closure over `#`). */
  private list(close: string): Node[] {
    const items: Node[] = [];
    while (!this.accept(close)) {
      if (items.length > 0) this.expect(',');
      if (this.accept('{')) {
        items.push(this.expression());
        this.expect('}');
      } else {
        items.push(this.expression());
      }
    }
    return items;
  }

  private expectName(): string {
    const token = this.take();
    if (token.kind !== 'name')
      this.fail(`expected a field name but found ${describe(token)}`, token);
    return String(token.value);
  }

  private expect(op: string): void {
    const token = this.peek();
    if (!this.accept(op)) this.fail(`expected "${op}" but found ${describe(token)}`, token);
  }

  private accept(op: string): boolean {
    const token = this.peek();
    if (token.kind !== 'op' || token.value !== op) return false;
    this.position += 1;
    return true;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)] as Token;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private fail(problem: string, token: Token): never {
    throw new ConditionError(this.source, problem, token.at + 1);
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  return token.kind === 'string' ? `the string ${JSON.stringify(token.value)}` : `"${token.value}"`;
}
