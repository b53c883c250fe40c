import { ExpressionError } from './errors.js';

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'expression';
      /** The expression between `${{` and `}}`, untrimmed. */
      readonly source: string;
      /** Offset of `source` in the template, for error columns. */
      readonly offset: number;
    };

/** Splits a string into literal text and `${{ }}` parts; `}}` inside a quoted string is text. */
export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position < template.length) {
    const open = template.indexOf('${{', position);
    if (open < 0) break;
    if (open > position) parts.push({ kind: 'text', text: template.slice(position, open) });
    const start = open + 3;
    const close = findClose(template, start);
    if (close < 0) {
      throw new ExpressionError(
        template,
        open,
        'unterminated `${{`',
        'close the expression with }}',
      );
    }
    parts.push({ kind: 'expression', source: template.slice(start, close), offset: start });
    position = close + 2;
  }
  if (position < template.length) parts.push({ kind: 'text', text: template.slice(position) });
  return parts;
}

function findClose(template: string, start: number): number {
  let inString = false;
  for (let position = start; position < template.length; position += 1) {
    const char = template[position];
    if (char === "'") inString = !inString;
    else if (!inString && char === '}' && template[position + 1] === '}') return position;
  }
  return -1;
}

export function hasExpression(text: string): boolean {
  return text.includes('${{');
}
