// A tiny ANSI SGR reader for log lines: colours, bold, dim, italic, underline and inverse become
// styled segments; every other escape sequence (cursor moves, erase, OSC titles) is dropped. Pure.

/** 0–15: the palette (drawn by CSS classes); a string: a CSS colour from 256-colour or RGB codes. */
export type AnsiColor = number | string;

export type AnsiStyle = {
  readonly fg?: AnsiColor;
  readonly bg?: AnsiColor;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
};

export type AnsiSegment = { readonly text: string; readonly style: AnsiStyle };

// CSI (ESC [ params final), OSC (ESC ] … BEL or ESC \), or a lone two-byte escape.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const escapePattern = /\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g;

const cube = [0, 95, 135, 175, 215, 255];

/** The CSS colour of a 256-colour index; 0–15 stay palette indexes. */
export function color256(n: number): AnsiColor {
  if (n < 16) return n;
  if (n < 232) {
    const i = n - 16;
    const r = cube[Math.floor(i / 36)] ?? 0;
    const g = cube[Math.floor(i / 6) % 6] ?? 0;
    const b = cube[i % 6] ?? 0;
    return `rgb(${r}, ${g}, ${b})`;
  }
  const level = 8 + (n - 232) * 10;
  return `rgb(${level}, ${level}, ${level})`;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const inByte = (n: number | undefined): n is number => n !== undefined && n >= 0 && n <= 255;

/** Reads an extended colour (38/48) starting at codes[i]; returns it and how many codes it used. */
function extendedColor(codes: readonly number[], i: number): [AnsiColor | undefined, number] {
  const mode = codes[i + 1];
  if (mode === 5) {
    const n = codes[i + 2];
    return [inByte(n) ? color256(n) : undefined, 2];
  }
  if (mode === 2) {
    const [r, g, b] = [codes[i + 2], codes[i + 3], codes[i + 4]];
    return [inByte(r) && inByte(g) && inByte(b) ? `rgb(${r}, ${g}, ${b})` : undefined, 4];
  }
  return [undefined, 0];
}

const attributeCodes: Readonly<Record<number, [keyof AnsiStyle, boolean]>> = {
  1: ['bold', true],
  2: ['dim', true],
  3: ['italic', true],
  4: ['underline', true],
  7: ['inverse', true],
  22: ['bold', false],
  23: ['italic', false],
  24: ['underline', false],
  27: ['inverse', false],
};

function colorCode(style: Mutable<AnsiStyle>, code: number): boolean {
  if (code >= 30 && code <= 37) style.fg = code - 30;
  else if (code >= 90 && code <= 97) style.fg = code - 90 + 8;
  else if (code >= 40 && code <= 47) style.bg = code - 40;
  else if (code >= 100 && code <= 107) style.bg = code - 100 + 8;
  else if (code === 39) delete style.fg;
  else if (code === 49) delete style.bg;
  else return false;
  return true;
}

/** Applies one SGR parameter list to a style, returning the new style. */
export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let next: Mutable<AnsiStyle> = { ...style };
  for (let i = 0; i < codes.length; i += 1) {
    const code = codes[i] ?? 0;
    const attribute = attributeCodes[code];
    if (code === 0) next = {};
    else if (attribute !== undefined) {
      next[attribute[0]] = attribute[1] as never;
      if (code === 22) delete next.dim;
    } else if (code === 38 || code === 48) {
      const [color, used] = extendedColor(codes, i);
      if (color !== undefined) next[code === 38 ? 'fg' : 'bg'] = color;
      i += used;
    } else colorCode(next, code);
  }
  for (const key of Object.keys(next) as (keyof AnsiStyle)[]) {
    if (next[key] === false) delete next[key];
  }
  return next;
}

/** Splits one line into styled segments; empty segments are left out. */
export function parseAnsi(line: string, initial: AnsiStyle = {}): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let style = initial;
  let last = 0;
  const push = (text: string): void => {
    if (text === '') return;
    const previous = segments[segments.length - 1];
    if (previous !== undefined && previous.style === style) {
      segments[segments.length - 1] = { text: previous.text + text, style };
    } else segments.push({ text, style });
  };
  for (const match of line.matchAll(escapePattern)) {
    push(line.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  push(line.slice(last));
  return segments;
}

/** The text without any escape sequences, for search and copy. */
export const stripAnsi = (line: string): string => line.replace(escapePattern, '');
