import type { FastifyInstance } from 'fastify';

/**
 * Lets the app read `application/x-www-form-urlencoded` bodies (OAuth token requests, as the
 * token endpoint and the registry's token service take them) as URLSearchParams, up to 64 KiB.
 */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, new URLSearchParams(String(body))),
  );
}
