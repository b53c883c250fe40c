import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { InputError } from '../../errors/index.js';

export type FieldPath = readonly (string | number)[];

/** One thing wrong with a pipeline file, before it is placed at a line. */
export type PipelineProblem = {
  readonly path: FieldPath;
  readonly message: string;
  /** Point at the key rather than its value (an unknown field, a bad job id). */
  readonly atKey?: boolean;
};

export type LocatedProblem = {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** e.g. `jobs.build.steps[2].uses`. */
  readonly field: string;
  readonly message: string;
};

/** Every problem of one pipeline file, each at `file:line:column field: message`. */
export class PipelineDefinitionError extends InputError {
  constructor(
    readonly file: string,
    readonly problems: readonly LocatedProblem[],
  ) {
    const lines = problems.map((problem) => `  ${describeProblem(problem)}`);
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${file}: ${count}\n${lines.join('\n')}`, {
      hint: 'pipelines use GitHub Actions workflow syntax; fix each field named above, nothing ran',
    });
  }
}

export function describeProblem(problem: LocatedProblem): string {
  const field = problem.field === '' ? '' : ` ${problem.field}:`;
  return `${problem.file}:${problem.line}:${problem.column}${field} ${problem.message}`;
}

export function formatPath(path: FieldPath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment);
      if (!plain) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

/** Places problems at the line and column of the YAML node their path names. */
export function locateProblems(
  file: string,
  document: Document,
  lines: LineCounter,
  problems: readonly PipelineProblem[],
): LocatedProblem[] {
  return problems.map((problem) => {
    const offset = nodeOffset(document, problem.path, problem.atKey ?? false);
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, field: formatPath(problem.path), message: problem.message };
  });
}

/** The deepest node along the path that exists: a missing field points at its parent. */
function nodeOffset(document: Document, path: FieldPath, atKey: boolean): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      const keyStart = rangeStart(pair.key);
      if ((last && atKey) || pair.value === null) return keyStart ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      break;
    }
    offset = rangeStart(node) ?? offset;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range?.[0];
}
