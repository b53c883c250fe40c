import { retryAction } from '../../../rollout/actions/index.js';
import { statusActionCommand } from './status-action-command.js';

export const rolloutRetryCommand = statusActionCommand({
  verb: 'retry',
  summary: 'start an aborted update again from its first step',
  patches: retryAction,
  said: (name) => [`rollout "${name}" retrying its update`],
});
