import { basename, extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { buildConcurrency, buildPipeline, buildTriggers } from './build-pipeline.js';
import { expressionProblems } from './expression-checks.js';
import type { Pipeline, SourceLocation } from './model.js';
import {
  PipelineDefinitionError,
  locateProblems,
  type FieldPath,
  type LocatedProblem,
} from './problems.js';
import { structureProblems } from './structure-checks.js';

/**
 * Reads one pipeline file. Every problem in the file is collected and thrown together as a
 * PipelineDefinitionError whose lines read `file:line:column field: message`.
 */
export function parsePipeline(text: string, file: string): Pipeline {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: true,
  });
  if (document.errors.length > 0) {
    throw new PipelineDefinitionError(
      file,
      document.errors.map((error) => yamlProblem(file, error)),
    );
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PipelineDefinitionError(file, [{ file, line: 1, column: 1, field: '', message }]);
  }
  const sourceOf = (path: FieldPath, atKey = false): SourceLocation => {
    const [located] = locateProblems(file, document, lines, [{ path, message: '', atKey }]);

    return { file, line: located?.line ?? 1 };
  };
  const built = buildPipeline(raw, sourceOf);
  const problems = [
    ...built.problems,
    ...structureProblems(built.top, built.jobs, built.jobIds),
    ...expressionProblems(built.top, built.jobs, built.stepIds),
  ];
  if (problems.length > 0 || built.top === undefined) {
    throw new PipelineDefinitionError(
      file,
      sortProblems(locateProblems(file, document, lines, problems)),
    );
  }
  return {
    file,
    name: built.top.name ?? basename(file, extname(file)),
    on: buildTriggers(built.top.on),
    env: built.top.env ?? {},
    concurrency: buildConcurrency(built.top.concurrency),
    jobs: built.jobs,
  };
}

type YamlProblem = {
  readonly message: string;
  readonly linePos?: readonly { line: number; col: number }[];
};

function yamlProblem(file: string, error: YamlProblem): LocatedProblem {
  const position = error.linePos?.[0];
  // The first line is the description; the rest is yaml's excerpt of the source.
  const message = (error.message.split('\n')[0] ?? error.message).replace(
    / at line \d+, column \d+:?$/,
    '',
  );
  return {
    file,
    line: position?.line ?? 1,
    column: position?.col ?? 1,
    field: '',
    message: `YAML: ${message}`,
  };
}

function sortProblems(problems: LocatedProblem[]): LocatedProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
