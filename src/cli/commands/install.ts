import { installSlipway } from '../../gitops/index.js';
import { KubeRest, ObjectClient } from '../../kube/index.js';
import type { Command } from '../command.js';

export const installCommand: Command = {
  path: ['install'],
  summary:
    'install the Application CRD, the slipway-system namespace and the controller RBAC into the current context',
  usage: 'slipway install',
  options: {},
  async run(_values, io) {
    const client = new ObjectClient(KubeRest.fromConnection());
    for (const applied of await installSlipway(client)) io.out(`applied ${applied}`);
    return 0;
  },
};
