import { createHmac } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWebhookServer } from '../../src/server/index.js';
import { GitFixture } from './support/git-fixture.js';
import { kubectl, useNamespace, waitFor } from './support/cluster.js';
import {
  configMapYaml,
  createApp,
  syncedAndHealthy,
  useController,
  waitApp,
} from './support/gitops.js';

describe('a webhook push', () => {
  const ns = useNamespace('gitops-hook');
  const engine = useController(() => [ns.name]);
  const secret = 's3cret-for-tests';
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());

  it('syncs the new commit at once when signed, and is refused when the signature is wrong', async () => {
    const repo = await GitFixture.create({
      'app/config.yaml': configMapYaml('message', { text: 'v1' }),
    });
    try {
      const controller = engine.controller();
      const server = buildWebhookServer(
        {
          apps: () => controller.appSources(),
          refresh: (_repos, keys) => controller.refreshFromPush(keys),
        },
        { secret, log: pino({ level: 'silent' }) },
      );
      const address = await server.listen({ host: '127.0.0.1', port: 0 });
      close = () => server.close();
      await createApp(ns.name, 'hooked', {
        repoURL: repo.url,
        path: 'app',
        namespace: ns.name,
        automated: { prune: true },
      });
      await waitApp(ns.name, 'hooked', 'synced', syncedAndHealthy);

      const sha = await repo.commit('v2', {
        'app/config.yaml': configMapYaml('message', { text: 'v2' }),
      });
      const body = Buffer.from(
        JSON.stringify({
          ref: 'refs/heads/main',
          before: '0'.repeat(40),
          after: sha,
          repository: {
            clone_url: repo.url,
            html_url: repo.url,
            ssh_url: repo.url,
            full_name: 'local/config',
          },
          commits: [{ id: sha, added: [], modified: ['app/config.yaml'], removed: [] }],
        }),
      );
      const post = (signature: string): Promise<Response> =>
        fetch(`${address}/api/webhook`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-hub-signature-256': signature,
          },
          body,
        });

      const forged = await post(
        `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}`,
      );
      expect(forged.status).toBe(401);
      expect(
        await kubectl(['-n', ns.name, 'get', 'configmap/message', '-o', 'jsonpath={.data.text}']),
      ).toBe('v1');

      const sent = Date.now();
      const accepted = await post(
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      );
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ refreshed: [`${ns.name}/hooked`] });
      await waitFor('v2 applied', 20_000, async () =>
        (await kubectl([
          '-n',
          ns.name,
          'get',
          'configmap/message',
          '-o',
          'jsonpath={.data.text}',
        ])) === 'v2'
          ? true
          : undefined,
      );
      // Far below the 120 s poll: the push, not polling, brought it.
      expect(Date.now() - sent).toBeLessThan(15_000);
    } finally {
      await repo.remove();
    }
  });
});
