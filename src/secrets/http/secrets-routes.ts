import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { InputError } from '../../errors/index.js';
import type { SecretService } from '../access/secret-service.js';
import { SecretAccessDeniedError, SecretNotFoundError } from '../secret-errors.js';

// GET /api/secrets/:project/:name for app pods: the caller proves who it is with a Bearer token
// that `verifyIdentity` (injected) turns into an identity; the service checks policy and audits.
// A secret name holding "/" (Kubernetes "secret/key") is sent URL-encoded as %2F.

/**
 * The `maxParamLength` the hosting Fastify server needs so every valid name reaches the route
 * (a Kubernetes "secret/key" is up to 507 characters); Fastify's default of 100 answers 414 to
 * longer ones before the route runs.
 */
export const secretsRouteMaxParamLength = 512;

/** Turns a Bearer token into an identity, or undefined when it does not verify. */
export type VerifyIdentity = (token: string) => Promise<string | undefined> | string | undefined;

type Params = { project: string; name: string };
type Query = { version?: string };

/** The token of an `Authorization: Bearer <token>` header. Pure. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([^\s]+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function fail(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  // no-store: a value must not sit in a proxy's or client's cache.
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}

/** A fastify plugin serving secret reads; register it on the server that app pods can reach. */
export function secretsRoutes(
  service: SecretService,
  verifyIdentity: VerifyIdentity,
): FastifyPluginAsync {
  return (app) => {
    app.get<{ Params: Params; Querystring: Query }>(
      '/api/secrets/:project/:name',
      async (request, reply) => {
        const token = bearerToken(request.headers.authorization);
        const identity = token === undefined ? undefined : await verifyIdentity(token);
        if (identity === undefined) {
          void reply.header('www-authenticate', 'Bearer');
          return fail(reply, 401, 'unauthenticated', 'send Authorization: Bearer <identity token>');
        }
        const version =
          typeof request.query.version === 'string' ? request.query.version : undefined;
        try {
          const secret = await service.read({
            identity,
            project: request.params.project,
            name: request.params.name,
            from: request.ip,
            ...(version === undefined ? {} : { version }),
          });
          return reply
            .header('cache-control', 'no-store')
            .send({ name: secret.name, version: secret.version, value: secret.value });
        } catch (error) {
          if (error instanceof SecretAccessDeniedError)
            return fail(reply, 403, 'forbidden', error.message);
          if (error instanceof SecretNotFoundError)
            return fail(reply, 404, 'not_found', error.message);
          if (error instanceof InputError) return fail(reply, 400, 'invalid', error.message);
          // The cause stays out of the answer and out of the log: only its class is logged.
          request.log.error({ errorClass: (error as Error).name }, 'secret read failed');
          return fail(reply, 500, 'internal', 'the secret could not be read; see the audit log');
        }
      },
    );
    return Promise.resolve();
  };
}
