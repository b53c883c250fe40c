import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ApiServerDeps } from '../api-deps.js';
import type { ApiRoutes } from '../api-route.js';
import { frame, parseTopics, type HubEvent } from '../event-hub.js';
import { eventsQuery } from '../schemas.js';

// GET /api/events: server-sent events from the hub, filtered by topic and by what the reader
// may see, resumed after Last-Event-ID, with a comment line as heartbeat.

export function addEventsRoute(routes: ApiRoutes, app: FastifyInstance, deps: ApiServerDeps): void {
  const open = new Set<ServerResponse>();
  // Streams never end on their own; closing the server ends them so it can stop.
  app.addHook('preClose', (done) => {
    for (const res of open) res.end();
    done();
  });

  routes.add({
    method: 'GET',
    url: '/api/events',
    action: 'events.watch',
    summary: 'Server-sent events: ?topics=applications,rollouts,runs,logs:<runId>',
    query: eventsQuery,
    raw: true,
    handler: async ({ query, request, reply, authorizeAny, visible }) => {
      await authorizeAny('Events');
      const topics = parseTopics(query.topics);
      const wanted = (e: HubEvent): boolean => topics.has(e.topic) && visible(e.project);
      const header = request.headers['last-event-id'];
      const lastId = Array.isArray(header) ? header[0] : header;
      const res = reply.raw;
      void reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      if (lastId !== undefined && lastId !== '') {
        const replay = deps.hub.since(Number(lastId));
        if (replay.reset) res.write('event: reset\ndata: {"reason":"too old: reload"}\n\n');
        else for (const e of replay.events) if (wanted(e)) res.write(frame(e));
      }
      open.add(res);
      const stop = deps.hub.subscribe((e) => {
        if (wanted(e)) res.write(frame(e));
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs ?? 15_000);
      const close = (): void => {
        clearInterval(heartbeat);
        stop();
        open.delete(res);
      };
      res.on('close', close);
      return reply;
    },
  });
}
