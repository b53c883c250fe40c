import type { AnalysisArgument, AnalysisTemplateSpec, Metric } from '../../config/analysis.js';
import { InputError } from '../../errors/index.js';

// Template arguments: merging what a Rollout passes into what templates declare, substituting
// `{{args.name}}` throughout metrics, and flattening several templates into one analysis.

export type NamedTemplate = { readonly name: string; readonly spec: AnalysisTemplateSpec };
/** Reads one key of a Secret in the run's namespace; undefined when the Secret or key is absent. */
export type SecretReader = (name: string, key: string) => Promise<string | undefined>;

const argTag = /\{\{\s*args\.([A-Za-z0-9_.-]+?)\s*\}\}/g;

/**
 * Gives each declared argument the value passed for it (passed values win, as in Argo). An
 * argument left with neither `value` nor `valueFrom` is an error naming it.
 */
export function mergeArgs(
  declared: readonly AnalysisArgument[],
  passed: readonly AnalysisArgument[],
  where: string,
): AnalysisArgument[] {
  return declared.map((arg) => {
    const given = passed.find((candidate) => candidate.name === arg.name);
    const merged = given ? { ...arg, value: given.value, valueFrom: given.valueFrom } : arg;
    if (merged.value === undefined && merged.valueFrom === undefined) {
      throw new InputError(`${where}: argument "${arg.name}" has no value`, {
        hint: `pass it in the Rollout's analysis \`args\` ({name: ${arg.name}, value: …}) or give the template a default value`,
      });
    }
    return merged;
  });
}

/**
 * The value of every argument, reading `secretKeyRef`s. `podTemplateHashValue` and `fieldRef`
 * are filled in by whoever creates the run; finding one unresolved here is an error.
 */
export async function argumentValues(
  args: readonly AnalysisArgument[],
  where: string,
  readSecret: SecretReader,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const arg of args) {
    values[arg.name] = await argumentValue(arg, where, readSecret);
  }
  return values;
}

async function argumentValue(
  arg: AnalysisArgument,
  where: string,
  readSecret: SecretReader,
): Promise<string> {
  if (arg.value !== undefined) return arg.value;
  const ref = arg.valueFrom?.secretKeyRef;
  if (ref) {
    const secret = await readSecret(ref.name, ref.key);
    if (secret !== undefined) return secret;
    throw new InputError(
      `${where}: argument "${arg.name}" reads key "${ref.key}" of Secret "${ref.name}", which does not exist`,
      { hint: `create the Secret "${ref.name}" with that key in the run's namespace` },
    );
  }
  throw new InputError(`${where}: argument "${arg.name}" has no value`, {
    hint: 'give it a `value` or a `valueFrom.secretKeyRef`; a Rollout resolves podTemplateHashValue and fieldRef when it creates the run',
  });
}

/** Replaces `{{args.name}}` in every string of `value`; a tag naming no argument is an error. */
export function substituteArgs<T>(
  value: T,
  args: Readonly<Record<string, string>>,
  where: string,
): T {
  return substitute(value, args, where) as T;
}

function substitute(value: unknown, args: Readonly<Record<string, string>>, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(argTag, (_tag, name: string) => {
      const resolved = args[name];
      if (resolved !== undefined) return resolved;
      throw new InputError(
        `${path}: {{args.${name}}} names no argument (value ${JSON.stringify(value)})`,
        {
          hint: `declare "${name}" in the template's \`args\` and pass a value for it`,
        },
      );
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, args, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, args, `${path}.${key}`)]),
    );
  }
  return value;
}

/** Metrics with their arguments substituted, each error naming the metric's field. */
export function resolveMetrics(
  metrics: readonly Metric[],
  args: Readonly<Record<string, string>>,
  where: string,
): Metric[] {
  return metrics.map((metric, i) => substituteArgs(metric, args, `${where}.metrics[${i}]`));
}

/**
 * Flattens several templates into one spec: metrics concatenated (a name used twice is an
 * error, as in Argo), args merged (the same argument with two different values is an error).
 */
export function mergeTemplates(templates: readonly NamedTemplate[]): AnalysisTemplateSpec {
  const metricOwner = new Map<string, string>();
  const args = new Map<string, AnalysisArgument>();
  const merged: AnalysisTemplateSpec = {
    metrics: [],
    args: [],
    dryRun: [],
    measurementRetention: [],
  };
  for (const template of templates) {
    for (const metric of template.spec.metrics) {
      const owner = metricOwner.get(metric.name);
      if (owner !== undefined) {
        throw new InputError(
          `AnalysisTemplate "${template.name}" spec.metrics: metric "${metric.name}" is also defined in template "${owner}"`,
          {
            hint: 'rename one of the metrics; metric names must be unique across the templates of one analysis',
          },
        );
      }
      metricOwner.set(metric.name, template.name);
      merged.metrics.push(metric);
    }
    for (const arg of template.spec.args ?? []) mergeArg(args, arg, template.name);
    merged.dryRun?.push(...(template.spec.dryRun ?? []));
    merged.measurementRetention?.push(...(template.spec.measurementRetention ?? []));
  }
  merged.args = [...args.values()];
  return merged;
}

function mergeArg(
  args: Map<string, AnalysisArgument>,
  arg: AnalysisArgument,
  template: string,
): void {
  const seen = args.get(arg.name);
  if (seen?.value !== undefined && arg.value !== undefined && seen.value !== arg.value) {
    throw new InputError(
      `AnalysisTemplate "${template}" spec.args: argument "${arg.name}" has value ${JSON.stringify(arg.value)} here and ${JSON.stringify(seen.value)} in another template`,
      {
        hint: 'give the argument the same default in every template, or pass its value from the Rollout',
      },
    );
  }
  if (seen === undefined || (seen.value === undefined && seen.valueFrom === undefined)) {
    args.set(arg.name, arg);
  }
}
