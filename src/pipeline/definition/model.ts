import type { InputValue, NativeActionName, SlipwayStepName } from './step-catalog.js';

// A pipeline after loading: shorthands widened, defaults filled in, every field checked.

export type PullRequestType = 'opened' | 'synchronize' | 'reopened' | 'closed';

export type PullRequestTrigger = {
  readonly types: readonly PullRequestType[];
  /** Patterns on the pull request's base branch. */
  readonly branches?: readonly string[];
  readonly branchesIgnore?: readonly string[];
};

export type PushTrigger = {
  readonly branches?: readonly string[];
  readonly branchesIgnore?: readonly string[];
  readonly tags?: readonly string[];
  readonly tagsIgnore?: readonly string[];
};

export type Triggers = {
  readonly pullRequest?: PullRequestTrigger;
  readonly push?: PushTrigger;
  readonly manual?: boolean;
};

/** Where in the file a job or step was written, for messages at run time. */
export type SourceLocation = { readonly file: string; readonly line: number };

export type StepUses =
  | { readonly kind: 'run'; readonly run: string; readonly shell: string | undefined }
  | {
      readonly kind: 'slipway';
      readonly name: SlipwayStepName;
      /** With the table's defaults filled in. */
      readonly with: Readonly<Record<string, InputValue>>;
    }
  | {
      readonly kind: 'native';
      readonly action: NativeActionName;
      readonly version: string | undefined;
      readonly with: Readonly<Record<string, InputValue>>;
    };

export type PipelineStep = {
  /** 0-based position in the job. */
  readonly index: number;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly if: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly workingDirectory: string | undefined;
  readonly continueOnError: boolean;
  readonly timeoutMinutes: number | undefined;
  readonly action: StepUses;
  readonly source: SourceLocation;
};

export type JobContainer = {
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  readonly options: string | undefined;
};

export type PipelineJob = {
  readonly id: string;
  readonly name: string | undefined;
  readonly needs: readonly string[];
  readonly if: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMinutes: number | undefined;
  readonly container: JobContainer | undefined;
  readonly outputs: Readonly<Record<string, string>>;
  readonly continueOnError: boolean;
  readonly steps: readonly PipelineStep[];
  readonly source: SourceLocation;
};

export type Concurrency = { readonly group: string; readonly cancelInProgress: boolean };

export type Pipeline = {
  /** The file, as given to the loader (e.g. `.slipway/pipelines/main.yaml`). */
  readonly file: string;
  /** `name:`, or the file name without its extension. */
  readonly name: string;
  readonly on: Triggers;
  readonly env: Readonly<Record<string, string>>;
  readonly concurrency: Concurrency | undefined;
  /** In file order. */
  readonly jobs: readonly PipelineJob[];
};
