// The function table: arity is checked when parsing, so a wrong call fails at load time.

export type FunctionSpec = { readonly min: number; readonly max: number };

export const statusFunctions = ['success', 'failure', 'always', 'cancelled'] as const;

export const functionSpecs: Readonly<Record<string, FunctionSpec>> = {
  contains: { min: 2, max: 2 },
  startswith: { min: 2, max: 2 },
  endswith: { min: 2, max: 2 },
  format: { min: 1, max: Infinity },
  join: { min: 1, max: 2 },
  tojson: { min: 1, max: 1 },
  fromjson: { min: 1, max: 1 },
  success: { min: 0, max: 0 },
  failure: { min: 0, max: 0 },
  always: { min: 0, max: 0 },
  cancelled: { min: 0, max: 0 },
};

/** Functions GitHub has and Slipway deliberately does not, with the reason shown to the user. */
export const unsupportedFunctions: Readonly<Record<string, string>> = {
  hashfiles:
    'expressions are evaluated away from the workspace; compute the hash in a `run` step and read it as a step output',
};
