import { describe, expect, it } from 'vitest';
import { InputError } from '../../../errors/index.js';
import type { KubeObject, ObjectClient } from '../../../kube/index.js';
import { runCli } from '../../main.js';
import { getRollout, gitOpsNote, rolloutName } from './rollout-context.js';

async function cli(...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await runCli(argv, { out: () => undefined, err: (t) => err.push(t) });
  return { code, err: err.join('\n') };
}

const rollout: KubeObject = {
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'demo', namespace: 'shop', uid: 'u1' },
};

describe('rolloutName', () => {
  it('returns the NAME argument', () => {
    expect(rolloutName(['demo'], 'usage')).toBe('demo');
  });

  it.each([[[]], [['']]])('asks which rollout when NAME is missing (%j)', (positionals) => {
    expect(() => rolloutName(positionals, 'slipway rollout get NAME')).toThrow(
      'which rollout? the NAME argument is missing',
    );
  });
});

describe('getRollout', () => {
  it('names the rollout and namespace when it is not there, and points at list -A', async () => {
    const client = { get: () => Promise.resolve(undefined) } as unknown as ObjectClient;
    const error = await getRollout({ client, namespace: 'shop' }, 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('rollout "nope" not found in namespace "shop"');
    expect((error as InputError).hint).toContain('slipway rollout list -A');
  });
});

describe('gitOpsNote', () => {
  it('warns only for a Rollout an Application tracks', () => {
    expect(gitOpsNote(rollout, 'spec.template')).toBeUndefined();
    const tracked = {
      ...rollout,
      metadata: { ...rollout.metadata, annotations: { 'slipway.dev/tracking-id': 'argocd/shop' } },
    };
    expect(gitOpsNote(tracked, 'spec.template')).toContain('Application argocd/shop');
  });
});

describe('slipway rollout: arguments checked before the cluster is asked', () => {
  it.each([
    [['rollout', 'get'], 'slipway rollout get is missing an argument'],
    [['rollout', 'promote'], 'slipway rollout promote is missing an argument'],
    [['rollout', 'set', 'image', 'demo'], 'slipway rollout set image is missing an argument'],
    [['rollout', 'set', 'image', 'demo', 'shop:2'], '"shop:2" is not CONTAINER=IMAGE'],
    [
      ['rollout', 'undo', 'demo', '--to-revision', 'two'],
      '--to-revision: "two" is not a revision number',
    ],
    [['rollout', 'list', 'extra'], 'slipway rollout list does not take "extra"'],
  ])('%j fails with exit 2: %s', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('→');
  });

  it('lists every rollout command in --help', async () => {
    const out: string[] = [];
    await runCli(['--help'], { out: (t) => out.push(t), err: () => undefined });
    for (const word of ['get', 'list', 'promote', 'abort', 'retry', 'undo', 'restart', 'set image'])
      expect(out.join('\n')).toContain(`slipway rollout ${word}`);
  });
});
