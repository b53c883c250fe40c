import type { CSSProperties, ReactElement } from 'react';
import { parseAnsi, type AnsiColor, type AnsiStyle } from '../lib/ansi';

// A log line with its ANSI colours: palette colours by CSS class (so the theme decides them),
// 256-colour and RGB codes inline.

function classesOf(style: AnsiStyle): string {
  const names: string[] = [];
  if (typeof style.fg === 'number') names.push(`ansi-fg-${style.fg}`);
  if (typeof style.bg === 'number') names.push(`ansi-bg-${style.bg}`);
  if (style.bold) names.push('ansi-bold');
  if (style.dim) names.push('ansi-dim');
  if (style.italic) names.push('ansi-italic');
  if (style.underline) names.push('ansi-underline');
  if (style.inverse) names.push('ansi-inverse');
  return names.join(' ');
}

const css = (color: AnsiColor | undefined): string | undefined =>
  typeof color === 'string' ? color : undefined;

export function AnsiText(props: { readonly text: string }): ReactElement {
  return (
    <>
      {parseAnsi(props.text).map((segment, i) => {
        const className = classesOf(segment.style);
        const inline: CSSProperties = {
          color: css(segment.style.fg),
          backgroundColor: css(segment.style.bg),
        };
        const plain =
          className === '' && inline.color === undefined && inline.backgroundColor === undefined;
        return plain ? (
          <span key={i}>{segment.text}</span>
        ) : (
          <span key={i} className={className || undefined} style={inline}>
            {segment.text}
          </span>
        );
      })}
    </>
  );
}
