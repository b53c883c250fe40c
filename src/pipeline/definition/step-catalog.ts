// What `uses:` can name: the steps Slipway implements itself (`slipway/<name>`), with the inputs
// each takes, and the few well-known GitHub actions Slipway runs natively.

export type InputValue = string | number | boolean;

export type InputSpec = {
  readonly required?: boolean;
  readonly default?: InputValue;
  /** The allowed values, when the input is a choice. */
  readonly oneOf?: readonly string[];
  readonly number?: { readonly min: number; readonly max: number };
};

export type SlipwayStepSpec = {
  readonly inputs: Readonly<Record<string, InputSpec>>;
  /** Groups of inputs of which exactly one must be given. */
  readonly exactlyOneOf?: readonly (readonly string[])[];
};

const required: InputSpec = { required: true };
const optional: InputSpec = {};

export const slipwaySteps = {
  'image-build': {
    inputs: {
      context: optional,
      file: optional,
      image: required,
      'build-args': optional,
      tags: optional,
    },
  },
  'image-push': { inputs: { image: required } },
  'image-scan': {
    inputs: {
      image: required,
      'severity-threshold': { oneOf: ['low', 'medium', 'high', 'critical'] },
      advisories: optional,
    },
  },
  sbom: { inputs: { image: required, format: { required: true, oneOf: ['spdx', 'cyclonedx'] } } },
  'coverage-gate': {
    inputs: {
      report: required,
      format: { required: true, oneOf: ['cobertura', 'lcov'] },
      min: { default: 80, number: { min: 0, max: 100 } },
    },
  },
  artifact: { inputs: { name: required, path: required } },
  'gitops-bump': {
    inputs: {
      repo: required,
      path: required,
      image: required,
      digest: required,
      mode: { required: true, oneOf: ['kustomize', 'helm', 'manifest'] },
      key: optional,
      branch: optional,
    },
  },
  notify: {
    inputs: {
      'webhook-url': optional,
      secret: optional,
      format: { required: true, oneOf: ['slack', 'json'] },
      status: optional,
      message: optional,
    },
    exactlyOneOf: [['webhook-url', 'secret']],
  },
  'secret-scan': { inputs: { path: optional } },
} as const satisfies Record<string, SlipwayStepSpec>;

export type SlipwayStepName = keyof typeof slipwaySteps;

export const nativeActions = [
  'actions/checkout',
  'actions/setup-python',
  'actions/upload-artifact',
  'actions/cache',
] as const;

export type NativeActionName = (typeof nativeActions)[number];

export type StepAction =
  | { readonly kind: 'slipway'; readonly name: SlipwayStepName }
  | {
      readonly kind: 'native';
      readonly action: NativeActionName;
      readonly version: string | undefined;
    };

/** Every `uses:` value Slipway accepts, for error messages. */
export const usableSteps: readonly string[] = [
  ...Object.keys(slipwaySteps).map((name) => `slipway/${name}`),
  ...nativeActions,
];

/**
 * What a `uses:` names, or undefined when Slipway cannot run it. A version (`@v4`) is accepted on
 * both kinds: native actions record it, Slipway's own steps ignore it as they ship with Slipway.
 */
export function resolveUses(uses: string): StepAction | undefined {
  const at = uses.indexOf('@');
  const name = (at < 0 ? uses : uses.slice(0, at)).toLowerCase();
  const version = at < 0 ? undefined : uses.slice(at + 1);
  if (version === '') return undefined;
  if (name.startsWith('slipway/')) {
    const step = name.slice('slipway/'.length);
    return isSlipwayStep(step) ? { kind: 'slipway', name: step } : undefined;
  }
  const action = nativeActions.find((candidate) => candidate === name);
  return action === undefined ? undefined : { kind: 'native', action, version };
}

function isSlipwayStep(name: string): name is SlipwayStepName {
  return Object.prototype.hasOwnProperty.call(slipwaySteps, name);
}
