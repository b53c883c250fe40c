import { describe, expect, it } from 'vitest';
import { EventHub, frame, parseTopics } from './event-hub.js';

describe('EventHub', () => {
  it('gives increasing ids and replays what came after Last-Event-ID', () => {
    const hub = new EventHub(5, 100);
    const ids = [1, 2, 3].map((n) => hub.publish('run', 'runs', 'default', { n }).id);
    expect(ids).toEqual([101, 102, 103]);
    const replay = hub.since(101);
    expect(replay.reset).toBe(false);
    expect(replay.reset ? [] : replay.events.map((e) => e.id)).toEqual([102, 103]);
    expect(hub.since(103)).toEqual({ reset: false, events: [] });
  });

  it('keeps only the last events and asks older clients to reset', () => {
    const hub = new EventHub(3, 0);
    for (let n = 0; n < 10; n += 1) hub.publish('rollout', 'rollouts', 'p', { n });
    expect(hub.size).toBe(3);
    const replay = hub.since(7);
    expect(replay.reset ? [] : replay.events.map((e) => e.id)).toEqual([8, 9, 10]);
    expect(hub.since(6).reset).toBe(true);
    // An id this process never gave (from before a restart, or made up) is a reset too.
    expect(hub.since(11).reset).toBe(true);
  });

  it('tells listeners of each event', () => {
    const hub = new EventHub();
    const seen: number[] = [];
    const stop = hub.subscribe((e) => seen.push(e.id));
    const first = hub.publish('log', 'logs:r1', 'default', 'hello');
    stop();
    hub.publish('log', 'logs:r1', 'default', 'again');
    expect(seen).toEqual([first.id]);
    expect(frame(first)).toBe(`id: ${first.id}\nevent: log\ndata: "hello"\n\n`);
  });

  it('reads the topics parameter', () => {
    expect([...parseTopics(undefined)]).toEqual(['applications', 'rollouts', 'runs']);
    expect([...parseTopics('rollouts, logs:abc,')]).toEqual(['rollouts', 'logs:abc']);
  });
});
