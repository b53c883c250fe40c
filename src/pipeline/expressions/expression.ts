import { walkNodes, type ExpressionNode } from './ast.js';
import type { ExpressionContext } from './context.js';
import { ExpressionError } from './errors.js';
import { evaluateNode } from './evaluator.js';
import { statusFunctions } from './functions.js';
import { parseExpression } from './parser.js';
import { splitTemplate } from './template.js';
import { isTruthy, toText, type ExpressionValue } from './values.js';

/** A parsed expression with the text it came from. */
export type CompiledExpression = {
  readonly source: string;
  readonly node: ExpressionNode;
};

/** Parses an expression, rethrowing errors with the position inside `template` when given. */
export function compileExpression(
  source: string,
  template?: { text: string; offset: number },
): CompiledExpression {
  try {
    return { source, node: parseExpression(source) };
  } catch (error) {
    if (error instanceof ExpressionError && template !== undefined) {
      throw new ExpressionError(
        template.text,
        template.offset + error.position,
        error.problem,
        error.hint,
      );
    }
    throw error;
  }
}

/** Every expression of a string with `${{ }}` parts, parsed: the load-time check. */
export function compileTemplate(template: string): CompiledExpression[] {
  return splitTemplate(template).flatMap((part) =>
    part.kind === 'expression'
      ? [compileExpression(part.source, { text: template, offset: part.offset })]
      : [],
  );
}

export function evaluateExpression(source: string, context: ExpressionContext): ExpressionValue {
  return evaluateNode(parseExpression(source), source, context);
}

/**
 * Replaces each `${{ }}` of a string with its value's text. A string that is one whole
 * expression keeps its value's text too; arrays and objects must go through toJSON().
 */
export function interpolate(template: string, context: ExpressionContext): string {
  return splitTemplate(template)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const { node } = compileExpression(part.source, { text: template, offset: part.offset });
      const value = evaluateNode(node, template, context);
      const text = toText(value);
      if (text === undefined) {
        throw new ExpressionError(
          template,
          part.offset,
          'an array or object cannot be inserted into text; wrap it in toJSON()',
          'wrap it in toJSON()',
        );
      }
      return text;
    })
    .join('');
}

/**
 * The expression of an `if`: `${{ }}` is optional, but only around the whole condition, because
 * GitHub turns `${{ a }} == b` into text, which is always true; Slipway refuses it instead.
 */
export function conditionExpression(ifText: string): CompiledExpression {
  const trimmed = ifText.trim();
  const parts = splitTemplate(trimmed);
  const [only] = parts;
  if (parts.length === 1 && only?.kind === 'expression') {
    return compileExpression(only.source, { text: trimmed, offset: only.offset });
  }
  if (parts.some((part) => part.kind === 'expression')) {
    throw new ExpressionError(
      trimmed,
      trimmed.indexOf('${{'),
      'a condition mixes `${{ }}` with other text, which makes it always true',
      'write the whole condition as one expression, with or without ${{ }} around all of it',
    );
  }
  return compileExpression(trimmed);
}

/** Whether an expression calls success(), failure(), always() or cancelled(). */
export function usesStatusFunction(node: ExpressionNode): boolean {
  const names: readonly string[] = statusFunctions;
  return walkNodes(node).some((each) => each.kind === 'call' && names.includes(each.name));
}

/**
 * Decides an `if`. Without a status function the condition means `success() && (...)`, so a
 * failure earlier stops the step or job unless the condition asks for always() or failure().
 */
export function evaluateCondition(ifText: string, context: ExpressionContext): boolean {
  const { source, node } = conditionExpression(ifText);
  const value = evaluateNode(node, source, context);
  if (usesStatusFunction(node)) return isTruthy(value);
  const succeeded = !(context.status?.failed ?? false) && !(context.status?.cancelled ?? false);
  return succeeded && isTruthy(value);
}
