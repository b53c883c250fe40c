import { InputError } from '../../errors/index.js';

type Key = string | number;
type Path = Key[];
type Step =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'each' }
  | { kind: 'select'; path: Step[]; op: '==' | '!='; value: unknown };

const unsupported = (expr: string, detail: string): InputError =>
  new InputError(`ignoreDifferences.jqPathExpressions: "${expr}" ${detail}`, {
    hint: 'Slipway supports paths (.a.b, ."x/y", ["k"], [0], [], []?), pipes and select(.f == "v" / != ); use jsonPointers for anything else',
  });

/** Parses the subset of jq that Argo CD users write in ignoreDifferences into steps. Pure. */
export function parseJqPath(expr: string): Step[] {
  const steps: Step[] = [];
  for (const stage of splitPipes(expr)) steps.push(...parseStage(stage.trim(), expr));
  return steps;
}

function splitPipes(expr: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const c of expr) {
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === '(' || c === '[')) depth += 1;
    if (!quoted && (c === ')' || c === ']')) depth -= 1;
    if (c === '|' && depth === 0 && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  return [...out, current];
}

function parseStage(stage: string, expr: string): Step[] {
  const select = /^select\(\s*(.+?)\s*(==|!=)\s*(.+?)\s*\)$/.exec(stage);
  if (select) {
    let value: unknown;
    try {
      value = JSON.parse(select[3] ?? '');
    } catch {
      throw unsupported(expr, `compares with ${select[3]}, which is not a JSON literal`);
    }
    return [
      {
        kind: 'select',
        path: parseStage(select[1] ?? '', expr),
        op: select[2] as '==' | '!=',
        value,
      },
    ];
  }
  const steps: Step[] = [];
  const token =
    /\.([A-Za-z_][\w-]*)|\."((?:[^"\\]|\\.)*)"|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\]|\[\s*\]\??|(\.)/y;
  let pos = 0;
  while (pos < stage.length) {
    token.lastIndex = pos;
    const m = token.exec(stage);
    if (!m) throw unsupported(expr, `cannot be read at "${stage.slice(pos)}"`);
    pos = token.lastIndex;
    if (m[1] !== undefined) steps.push({ kind: 'key', key: m[1] });
    else if (m[2] !== undefined)
      steps.push({ kind: 'key', key: JSON.parse(`"${m[2]}"`) as string });
    else if (m[3] !== undefined)
      steps.push({ kind: 'key', key: JSON.parse(`"${m[3]}"`) as string });
    else if (m[4] !== undefined) steps.push({ kind: 'index', index: Number(m[4]) });
    else if (m[5] === undefined) steps.push({ kind: 'each' });
  }
  return steps;
}

function valueAt(doc: unknown, path: readonly Key[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object' ? (node as Record<Key, unknown>)[key] : undefined,
    doc,
  );
}

/** Every concrete path the expression selects in the document. Pure. */
export function jqPaths(doc: unknown, steps: readonly Step[]): Path[] {
  let paths: Path[] = [[]];
  for (const step of steps) {
    const next: Path[] = [];
    for (const path of paths) {
      const node = valueAt(doc, path);
      if (
        step.kind === 'key' &&
        node !== null &&
        typeof node === 'object' &&
        !Array.isArray(node) &&
        step.key in node
      )
        next.push([...path, step.key]);
      else if (step.kind === 'index' && Array.isArray(node) && step.index < node.length)
        next.push([...path, step.index]);
      else if (step.kind === 'each' && node !== null && typeof node === 'object') {
        for (const k of Array.isArray(node) ? node.keys() : Object.keys(node))
          next.push([...path, k]);
      } else if (step.kind === 'select') {
        const found = jqPaths(node, step.path).map((p) => valueAt(node, p));
        const equal = found.some((v) => JSON.stringify(v) === JSON.stringify(step.value));
        if (step.op === '==' ? equal : !equal) next.push(path);
      }
    }
    paths = next;
  }
  return paths.filter((p) => p.length > 0);
}

/** Deletes the selected paths (array items from the back, so indexes stay right). Mutates `doc`. */
export function deleteJqPaths(doc: unknown, expr: string): void {
  const paths = jqPaths(doc, parseJqPath(expr)).sort((a, b) => compareForDeletion(b, a));
  for (const path of paths) {
    const parent = valueAt(doc, path.slice(0, -1));
    const last = path.at(-1);
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else if (parent !== null && typeof parent === 'object' && last !== undefined)
      delete (parent as Record<Key, unknown>)[last];
  }
}

function compareForDeletion(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i];
    const y = b[i];
    if (x !== y)
      return typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}
