import { z } from 'zod';

// The shape of a `.slipway/pipelines/*.yaml` file: GitHub Actions workflow syntax, restricted to
// what Slipway runs. Shorthands GitHub accepts (`on: push`, `needs: build`, `container: node:20`)
// are widened to their long form here so the rest of the code sees one shape.

/** GitHub's rule for job and step ids. */
export const unknownFieldMessage = 'is not a field of';

export const idPattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const pullRequestTypes = ['opened', 'synchronize', 'reopened', 'closed'] as const;
export const defaultPullRequestTypes = ['opened', 'synchronize', 'reopened'] as const;

/**
 * A strict object whose unknown keys are reported one by one (zod's `.strict()` reports them
 * together, without the fields there are). Typed as the plain object it parses to.
 */
function fields<Shape extends z.ZodRawShape>(
  shape: Shape,
  what: string,
): z.ZodType<z.infer<z.ZodObject<Shape>>> {
  const known = Object.keys(shape).join(', ');
  // Not z.never(): zod treats a never catchall as "strip" and lets unknown keys through.
  const unknownField = z.unknown().superRefine((_value, context) => {
    context.addIssue({
      code: 'custom',
      message: `${unknownFieldMessage} ${what}; the fields are ${known}`,
    });
  });
  return z.object(shape).catchall(unknownField);
}

const text = z.string({ invalid_type_error: 'must be text' });
const scalar = z.union([z.string(), z.number(), z.boolean()], {
  errorMap: () => ({ message: 'must be a string, number or boolean' }),
});
/** Env values may be written as numbers or booleans; the process sees their text. */
const envMap = z.record(
  scalar.transform((value) => String(value)),
  {
    invalid_type_error: 'must be a map of NAME: value',
  },
);
const minutes = z
  .number({ invalid_type_error: 'must be a number of minutes' })
  .positive('must be more than 0 minutes');
/** `if: false` reaches us as a boolean; GitHub treats it as the expression `false`. */
const condition = z.preprocess(
  (value) => (typeof value === 'boolean' || typeof value === 'number' ? String(value) : value),
  text.min(1, 'must not be empty'),
);
const oneOrMany = <Item extends z.ZodTypeAny>(
  item: Item,
  message: string,
): z.ZodType<z.infer<Item>[], z.ZodTypeDef, unknown> =>
  z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(item, { invalid_type_error: message }),
  );
const patterns = oneOrMany(text.min(1), 'must be a pattern or a list of patterns').optional();
const nullToEmpty = (value: unknown): unknown => (value === null ? {} : value);

const pullRequestSchema = z.preprocess(
  nullToEmpty,
  fields(
    {
      types: oneOrMany(
        z.enum(pullRequestTypes, {
          errorMap: () => ({ message: `must be one of ${pullRequestTypes.join(', ')}` }),
        }),
        'must be a list of pull request activity types',
      ).optional(),
      branches: patterns,
      'branches-ignore': patterns,
    },
    'on.pull_request',
  ),
);

const pushSchema = z.preprocess(
  nullToEmpty,
  fields(
    { branches: patterns, 'branches-ignore': patterns, tags: patterns, 'tags-ignore': patterns },
    'on.push',
  ),
);

const manualSchema = z.preprocess(nullToEmpty, fields({}, 'on.manual'));

const eventList = (value: unknown): unknown => {
  if (typeof value === 'string') return { [value]: null };
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return Object.fromEntries(value.map((item: string) => [item, null]));
  }
  return value;
};

export const triggersSchema = z.preprocess(
  eventList,
  fields(
    {
      pull_request: pullRequestSchema.optional(),
      push: pushSchema.optional(),
      manual: manualSchema.optional(),
      // GitHub's name for a manual run, accepted so an existing workflow keeps working.
      workflow_dispatch: manualSchema.optional(),
    },
    '`on`',
  ).refine((events) => Object.keys(events).length > 0, 'must name at least one event'),
);

export const concurrencySchema = z.preprocess(
  (value) => (typeof value === 'string' ? { group: value } : value),
  fields(
    { group: text.min(1, 'must not be empty'), 'cancel-in-progress': z.boolean().optional() },
    'concurrency',
  ),
);

export const containerSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { image: value } : value),
  fields(
    { image: text.min(1, 'must name an image'), env: envMap.optional(), options: text.optional() },
    'container',
  ),
);

export const stepSchema = fields(
  {
    name: text.optional(),
    id: text
      .regex(idPattern, 'must start with a letter or _ and contain only letters, digits, - and _')
      .optional(),
    if: condition.optional(),
    run: text.min(1, 'must not be empty').optional(),
    shell: text.optional(),
    env: envMap.optional(),
    'working-directory': text.optional(),
    'continue-on-error': z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
    'timeout-minutes': minutes.optional(),
    uses: text.min(1, 'must not be empty').optional(),
    with: z.record(scalar, { invalid_type_error: 'must be a map of input: value' }).optional(),
  },
  'a step',
);

export const jobSchema = fields(
  {
    name: text.optional(),
    // Accepted so GitHub workflows load unchanged; Slipway runs every job in its own pod.
    'runs-on': z.unknown().optional(),
    needs: oneOrMany(text, 'must be a job id or a list of job ids').optional(),
    if: condition.optional(),
    env: envMap.optional(),
    'timeout-minutes': minutes.optional(),
    container: containerSchema.optional(),
    outputs: z.record(text, { invalid_type_error: 'must be a map of name: value' }).optional(),
    'continue-on-error': z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
    // Steps are checked one by one so one bad step does not hide the problems of the others.
    steps: z
      .array(z.unknown(), { invalid_type_error: 'must be a list of steps' })
      .min(1, 'must have at least one step'),
  },
  'a job',
);

export const pipelineSchema = fields(
  {
    name: text.optional(),
    on: triggersSchema,
    env: envMap.optional(),
    concurrency: concurrencySchema.optional(),
    // Jobs are checked one by one, like steps.
    jobs: z
      .record(z.unknown(), { invalid_type_error: 'must be a map of job id: job' })
      .refine((jobs) => Object.keys(jobs).length > 0, 'must have at least one job'),
  },
  'a pipeline',
);

export type RawStep = z.infer<typeof stepSchema>;
export type RawJob = z.infer<typeof jobSchema>;
export type RawPipeline = z.infer<typeof pipelineSchema>;
export type RawTriggers = z.infer<typeof triggersSchema>;
