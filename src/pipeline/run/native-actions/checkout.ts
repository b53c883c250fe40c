import type { StepAction } from '../step-action.js';

/** actions/checkout: the runner already cloned the event's commit into the job's workspace. */
export const checkoutAction: StepAction = (context) => {
  const { event } = context.run;
  context.log(`${event.sha} is checked out in ${context.workspace}`);
  return Promise.resolve({
    outcome: 'success',
    outputs: { path: context.workspace, ref: event.ref, commit: event.sha },
  });
};
