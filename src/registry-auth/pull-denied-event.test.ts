import { describe, expect, it } from 'vitest';
import {
  firstInWindow,
  PullDenialReporter,
  pullDeniedEvent,
  pullDeniedMessage,
  type PullDenial,
} from './pull-denied-event.js';

const denial: PullDenial = {
  namespace: 'shop',
  serviceAccount: 'web',
  pod: { name: 'web-0', uid: 'uid-1' },
  registry: '127.0.0.1:5001',
  repository: 'bank/vault',
  actions: ['pull'],
  policiesFile: '/etc/slipway/registry-policies.yaml',
};

describe('the pull-denied event', () => {
  it('says who may not pull what, and the policy line that would allow it', () => {
    expect(pullDeniedMessage(denial)).toBe(
      'ServiceAccount shop/web may not pull repository bank/vault on 127.0.0.1:5001: no registry policy grants it; to allow it, add {identity: "system:serviceaccount:shop:web", repositories: "bank/vault", actions: [pull]} to /etc/slipway/registry-policies.yaml',
    );
  });

  it('says when there is no policy file at all', () => {
    expect(pullDeniedMessage({ ...denial, policiesFile: undefined })).toContain(
      'start it with --registry-policies FILE',
    );
  });

  it('is a Warning on the pod, by uid', () => {
    expect(pullDeniedEvent(denial, new Date('2026-01-01T00:00:00Z'))).toMatchObject({
      metadata: { generateName: 'web-0.', namespace: 'shop' },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'uid-1' },
      type: 'Warning',
      reason: 'ImagePullDenied',
      source: { component: 'slipway-registry-auth' },
      firstTimestamp: '2026-01-01T00:00:00.000Z',
      count: 1,
    });
  });
});

describe('firstInWindow', () => {
  it('lets a key through once per window', () => {
    const seen = new Map<string, number>();
    expect(firstInWindow(seen, 'a', 0, 1000)).toBe(true);
    expect(firstInWindow(seen, 'a', 999, 1000)).toBe(false);
    expect(firstInWindow(seen, 'b', 999, 1000)).toBe(true);
    expect(firstInWindow(seen, 'a', 1000, 1000)).toBe(true);
    expect(seen.size).toBe(2);
  });
});

describe('PullDenialReporter', () => {
  it("posts one event per pod and repository while the kubelet's retries repeat the denial", async () => {
    const posted: { path: string; body: unknown }[] = [];
    let now = 0;
    const reporter = new PullDenialReporter(
      {
        send: <T>(request: { path: string; body?: unknown }) => {
          posted.push({ path: request.path, body: request.body });
          return Promise.resolve(undefined as T);
        },
      },
      { windowMs: 60_000, now: () => new Date(now) },
    );
    expect(await reporter.report(denial)).toBe(true);
    now = 30_000;
    expect(await reporter.report(denial)).toBe(false);
    expect(await reporter.report({ ...denial, repository: 'bank/other' })).toBe(true);
    now = 61_000;
    expect(await reporter.report(denial)).toBe(true);
    expect(posted.map((p) => p.path)).toEqual([
      '/api/v1/namespaces/shop/events',
      '/api/v1/namespaces/shop/events',
      '/api/v1/namespaces/shop/events',
    ]);
  });

  it('tries again on the next retry when a post failed', async () => {
    let fail = true;
    const reporter = new PullDenialReporter({
      send: <T>() => (fail ? Promise.reject(new Error('503')) : Promise.resolve(undefined as T)),
    });
    await expect(reporter.report(denial)).rejects.toThrow('503');
    fail = false;
    expect(await reporter.report(denial)).toBe(true);
  });
});
