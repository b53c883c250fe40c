// The colour family of a status word, across applications, rollouts, runs and analysis. Pure.

export type Tone = 'good' | 'bad' | 'busy' | 'warn' | 'idle';

const tones: Readonly<Record<string, Tone>> = {
  synced: 'good',
  healthy: 'good',
  succeeded: 'good',
  success: 'good',
  successful: 'good',
  allowed: 'good',
  outofsync: 'warn',
  suspended: 'warn',
  paused: 'warn',
  inconclusive: 'warn',
  missing: 'warn',
  'timed-out': 'bad',
  aborted: 'bad',
  degraded: 'bad',
  failed: 'bad',
  failure: 'bad',
  error: 'bad',
  denied: 'bad',
  syncfailed: 'bad',
  progressing: 'busy',
  running: 'busy',
  queued: 'busy',
  pending: 'idle',
  ready: 'good',
  creating: 'busy',
  deleting: 'busy',
};

export const toneOf = (status: string | undefined): Tone =>
  status === undefined ? 'idle' : (tones[status.toLowerCase()] ?? 'idle');
