import { abortAction } from '../../../rollout/actions/index.js';
import { statusActionCommand } from './status-action-command.js';

export const rolloutAbortCommand = statusActionCommand({
  verb: 'abort',
  summary: 'stop an update: all traffic and replicas go back to the stable ReplicaSet (Degraded)',
  patches: abortAction,
  said: (name) => [
    `rollout "${name}" aborted; it goes back to its stable ReplicaSet`,
    `  → start the update again with \`slipway rollout retry ${name}\``,
  ],
});
