import type { BinaryOperator, ExpressionNode } from './ast.js';
import { ExpressionError } from './errors.js';
import { functionSpecs, unsupportedFunctions } from './functions.js';
import { tokenize, type Token } from './tokenizer.js';
import { parseNumber } from './values.js';

// Precedence, loosest first, as in GitHub's runner: || then && then == != then < <= > >=.
const binaryLevels: readonly (readonly BinaryOperator[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
];

const maxDepth = 50;

/** Parses one expression (without `${{ }}`); throws ExpressionError naming the position. */
export function parseExpression(expression: string): ExpressionNode {
  const parser = new Parser(expression, tokenize(expression));
  if (parser.peek().kind === 'end') {
    throw new ExpressionError(
      expression,
      0,
      'empty expression',
      'write a value between ${{ and }}',
    );
  }
  const node = parser.parseBinary(0);
  const rest = parser.peek();
  if (rest.kind !== 'end')
    parser.fail(rest, `unexpected \`${rest.text}\` after a complete expression`);
  return node;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly expression: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', position: this.expression.length };
  }

  fail(token: Token, problem: string, hint?: string): never {
    throw new ExpressionError(this.expression, token.position, problem, hint);
  }

  parseBinary(level: number): ExpressionNode {
    const operators = binaryLevels[level];
    if (operators === undefined) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    for (;;) {
      const token = this.peek();
      const operator = operators.find((op) => token.kind === 'operator' && token.text === op);
      if (operator === undefined) return left;
      this.index += 1;
      const right = this.parseBinary(level + 1);
      left = { kind: 'binary', operator, left, right, position: left.position };
    }
  }

  private parseUnary(): ExpressionNode {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === '!') {
      this.index += 1;
      return {
        kind: 'not',
        operand: this.nested(() => this.parseUnary()),
        position: token.position,
      };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private nested(parse: () => ExpressionNode): ExpressionNode {
    this.depth += 1;
    if (this.depth > maxDepth) this.fail(this.peek(), 'expression nested too deeply');
    const node = parse();
    this.depth -= 1;
    return node;
  }

  private parsePrimary(): ExpressionNode {
    const token = this.peek();
    this.index += 1;
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: parseNumber(token.text), position: token.position };
      case 'string':
        return { kind: 'literal', value: token.text, position: token.position };
      case 'identifier':
        return this.parseName(token);
      case 'punctuation':
        if (token.text === '(') return this.parseGroup();
        break;
      default:
        break;
    }
    const seen = token.kind === 'end' ? 'the end of the expression' : `\`${token.text}\``;
    return this.fail(token, `expected a value but found ${seen}`);
  }

  private parseGroup(): ExpressionNode {
    const inner = this.nested(() => this.parseBinary(0));
    this.expect(')', 'to close `(`');
    return inner;
  }

  private parseName(token: Token): ExpressionNode {
    const keyword = token.text;
    if (keyword === 'null') return { kind: 'literal', value: null, position: token.position };
    if (keyword === 'true' || keyword === 'false') {
      return { kind: 'literal', value: keyword === 'true', position: token.position };
    }
    if (keyword === 'NaN') return { kind: 'literal', value: NaN, position: token.position };
    if (keyword === 'Infinity')
      return { kind: 'literal', value: Infinity, position: token.position };
    const next = this.peek();
    if (next.kind === 'punctuation' && next.text === '(') return this.parseCall(token);
    return { kind: 'context', name: keyword, position: token.position };
  }

  private parseCall(nameToken: Token): ExpressionNode {
    const name = nameToken.text.toLowerCase();
    const unsupported = unsupportedFunctions[name];
    if (unsupported !== undefined)
      this.fail(nameToken, `${nameToken.text}() is not supported: ${unsupported}`);
    const spec = functionSpecs[name];
    if (spec === undefined) {
      this.fail(
        nameToken,
        `unknown function \`${nameToken.text}\``,
        'use contains, startsWith, endsWith, format, join, toJSON, fromJSON, success, failure, always or cancelled',
      );
    }
    this.index += 1;
    const args: ExpressionNode[] = [];
    if (!this.accept(')')) {
      do {
        args.push(this.nested(() => this.parseBinary(0)));
      } while (this.accept(','));
      this.expect(')', `to close the call to ${nameToken.text}()`);
    }
    if (args.length < spec.min || args.length > spec.max) {
      const wanted =
        spec.min === spec.max
          ? `${spec.min}`
          : spec.max === Infinity
            ? `at least ${spec.min}`
            : `${spec.min} to ${spec.max}`;
      this.fail(
        nameToken,
        `${nameToken.text}() takes ${wanted} argument(s) but was given ${args.length}`,
      );
    }
    return { kind: 'call', name, args, position: nameToken.position };
  }

  private parsePostfix(start: ExpressionNode): ExpressionNode {
    let node = start;
    for (;;) {
      const token = this.peek();
      if (this.accept('.')) {
        node = this.parseDotted(node, token);
      } else if (this.accept('[')) {
        node = this.parseIndex(node, token);
      } else {
        return node;
      }
    }
  }

  private parseDotted(object: ExpressionNode, dot: Token): ExpressionNode {
    if (this.accept('*')) return { kind: 'filter', object, position: dot.position };
    const name = this.peek();
    if (name.kind !== 'identifier') this.fail(name, 'expected a property name after `.`');
    this.index += 1;
    return { kind: 'property', object, name: name.text, position: dot.position };
  }

  private parseIndex(object: ExpressionNode, bracket: Token): ExpressionNode {
    if (this.accept('*')) {
      this.expect(']', 'to close `[`');
      return { kind: 'filter', object, position: bracket.position };
    }
    const index = this.nested(() => this.parseBinary(0));
    this.expect(']', 'to close `[`');
    return { kind: 'index', object, index, position: bracket.position };
  }

  private accept(punctuation: string): boolean {
    const token = this.peek();
    if (token.kind === 'punctuation' && token.text === punctuation) {
      this.index += 1;
      return true;
    }
    return false;
  }

  private expect(punctuation: string, why: string): void {
    const token = this.peek();
    if (!this.accept(punctuation)) {
      const seen = token.kind === 'end' ? 'the end of the expression' : `\`${token.text}\``;
      this.fail(token, `expected \`${punctuation}\` ${why} but found ${seen}`);
    }
  }
}
