import type { PushTrigger, Triggers } from '../definition/index.js';
import { passesFilter } from './ref-filter.js';
import { pushedBranch, pushedTags, type TriggerEvent } from './trigger-event.js';

export type TriggerDecision = {
  readonly triggered: boolean;
  /** Why, in a sentence a person can read in the run list. */
  readonly reason: string;
};

/** Whether a pipeline's `on` starts it for this event. */
export function decideTrigger(triggers: Triggers, event: TriggerEvent): TriggerDecision {
  switch (event.kind) {
    case 'manual':
      return triggers.manual === true
        ? { triggered: true, reason: 'started by hand' }
        : { triggered: false, reason: 'the pipeline has no `manual` trigger' };
    case 'pull_request':
      return decidePullRequest(triggers, event);
    case 'push':
      return triggers.push === undefined
        ? { triggered: false, reason: 'the pipeline has no `push` trigger' }
        : decidePush(triggers.push, event);
  }
}

function decidePullRequest(triggers: Triggers, event: TriggerEvent): TriggerDecision {
  const trigger = triggers.pullRequest;
  if (trigger === undefined)
    return { triggered: false, reason: 'the pipeline has no `pull_request` trigger' };
  const action = event.action ?? 'opened';
  const types: readonly string[] = trigger.types;
  if (!types.includes(action)) {
    return {
      triggered: false,
      reason: `pull request ${action} is not one of the types ${types.join(', ')}`,
    };
  }
  const filtered = trigger.branches !== undefined || trigger.branchesIgnore !== undefined;
  if (!filtered) return { triggered: true, reason: `pull request ${action}` };
  const base = event.baseBranch;
  if (base !== undefined && passesFilter(base, trigger.branches, trigger.branchesIgnore)) {
    return { triggered: true, reason: `pull request ${action} into ${base}` };
  }
  return {
    triggered: false,
    reason: `pull request into ${base ?? 'an unknown branch'} is filtered out by branches`,
  };
}

function decidePush(trigger: PushTrigger, event: TriggerEvent): TriggerDecision {
  const filtersBranches = trigger.branches !== undefined || trigger.branchesIgnore !== undefined;
  const filtersTags = trigger.tags !== undefined || trigger.tagsIgnore !== undefined;
  const tags = pushedTags(event);
  if (tags.length > 0) {
    // GitHub: with only branch filters, tag pushes do not trigger, and the reverse.
    if (filtersBranches && !filtersTags)
      return {
        triggered: false,
        reason: 'the push trigger filters branches only, and this push is a tag',
      };
    const matching = tags.find((tag) => passesFilter(tag, trigger.tags, trigger.tagsIgnore));
    return matching === undefined
      ? { triggered: false, reason: `tag ${tags.join(', ')} is filtered out by tags` }
      : { triggered: true, reason: `push of tag ${matching}` };
  }
  const branch = pushedBranch(event);
  if (branch === undefined)
    return {
      triggered: false,
      reason: `push to ${event.ref}, which is neither a branch nor a tag`,
    };
  if (filtersTags && !filtersBranches)
    return {
      triggered: false,
      reason: 'the push trigger filters tags only, and this push is to a branch',
    };
  return passesFilter(branch, trigger.branches, trigger.branchesIgnore)
    ? { triggered: true, reason: `push to ${branch}` }
    : { triggered: false, reason: `push to ${branch} is filtered out by branches` };
}
