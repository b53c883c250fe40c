import { InputError } from '../../../errors/index.js';
import { PreviewManager } from '../../../preview/index.js';
import type { Command } from '../../command.js';
import { kubeClient, openPreviewStore, prNumber, stateOptions } from './preview-context.js';

const usage = 'slipway preview delete PR [--app APP] [--state-dir DIR]';

export const previewDeleteCommand: Command = {
  path: ['preview', 'delete'],
  summary: 'delete a pull request’s previews: Application, namespace and image tags',
  usage,
  options: { ...stateOptions, app: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const pr = prNumber(positionals, usage);
    const app = typeof values['app'] === 'string' ? values['app'] : undefined;
    const store = openPreviewStore(values);
    try {
      const records = store.list({ pr, ...(app === undefined ? {} : { app }) });
      if (records.length === 0) {
        throw new InputError(`no preview for PR #${pr}${app === undefined ? '' : ` of ${app}`}`, {
          hint: 'list them with `slipway preview list`',
        });
      }
      // No targets: this manager only deletes what the state file records.
      const manager = new PreviewManager({ client: kubeClient(), store, targets: [] });
      let failed = 0;
      for (const record of records) {
        const outcome = await manager.deletePreview(
          record.app,
          record.pr,
          'deleted with `slipway preview delete`',
          record.repo,
        );
        const done = outcome.preview?.status === 'Deleted';
        if (!done) failed += 1;
        io.out(
          done
            ? `preview ${record.namespace} (PR #${pr} of ${record.app}) deleted`
            : `preview ${record.namespace} is not fully deleted: ${outcome.reason}`,
        );
      }
      return failed === 0 ? 0 : 1;
    } finally {
      store.close();
    }
  },
};
