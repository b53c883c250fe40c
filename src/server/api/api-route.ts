import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ZodTypeAny, z } from 'zod';
import type { AuditLog, Permission, Principal } from '../../auth/auth-types.js';
import { ApiError } from './api-error.js';

// One way to declare a route: its schemas (validated here, published in /api/openapi.json), the
// action it is (which decides the permission and names the audit record) and a handler. The
// handler says which project and object it touches; the check, the 403 and the audit are here.

export type AccessPolicy = {
  readonly can: (principal: Principal, permission: Permission, project: string) => boolean;
  readonly permissionFor: (action: string) => Permission;
  readonly csrfOk: (principal: Principal, method: string, header: string | undefined) => boolean;
};

type Schema = ZodTypeAny | undefined;
type Out<S extends Schema> = S extends ZodTypeAny ? z.output<S> : undefined;

export type RouteContext<P extends Schema, Q extends Schema, B extends Schema> = {
  readonly principal: Principal;
  readonly params: Out<P>;
  readonly query: Out<Q>;
  readonly body: Out<B>;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** Checks the route's action in `project`; a denial is audited and answered 403. */
  readonly authorize: (project: string, target: string) => Promise<void>;
  /** For actions on one's own things (tokens, session): no role needed, still audited. */
  readonly own: (target: string) => void;
  /** For a rule of the route's own (the audit's): allowed or not, checked and audited here. */
  readonly authorizeWhen: (allowed: boolean, project: string, target: string) => Promise<void>;
  /** For lists: the action is allowed in some project; `visible` then filters the items. */
  readonly authorizeAny: (target: string) => Promise<void>;
  readonly visible: (project: string) => boolean;
};

export type RouteSpec<P extends Schema, Q extends Schema, B extends Schema> = {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Fastify's form: `/api/rollouts/:namespace/:name`. */
  readonly url: string;
  /** `rollout.promote`: the permission (permissionFor) and the audit action. */
  readonly action: string;
  readonly summary: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly response?: ZodTypeAny;
  /** The success status; 200 when absent. */
  readonly status?: number;
  /** Not JSON (a download, a stream): the handler writes the reply itself. */
  readonly raw?: boolean;
  readonly handler: (context: RouteContext<P, Q, B>) => Promise<unknown>;
};

/** What /api/openapi.json is made from. */
export type RouteDoc = {
  readonly method: string;
  readonly url: string;
  readonly action: string;
  readonly summary: string;
  readonly params?: ZodTypeAny;
  readonly query?: ZodTypeAny;
  readonly body?: ZodTypeAny;
  readonly response?: ZodTypeAny;
  readonly status: number;
  readonly raw: boolean;
};

export type RouteDeps = {
  readonly policy: AccessPolicy;
  readonly audit: AuditLog;
  readonly log: Logger;
  readonly principalOf: (request: FastifyRequest) => Principal | undefined;
};

type Decision = { project: string; target: string; checked: boolean };

const mutating = (method: string): boolean => method !== 'GET';

export class ApiRoutes {
  readonly docs: RouteDoc[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly deps: RouteDeps,
  ) {}

  add<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    this.docs.push({
      method: spec.method,
      url: spec.url,
      action: spec.action,
      summary: spec.summary,
      status: spec.status ?? 200,
      raw: spec.raw === true,
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.response ? { response: spec.response } : {}),
    });
    this.app.route({
      method: spec.method,
      url: spec.url,
      handler: (request, reply) => this.handle(spec, request, reply),
    });
  }

  private async handle<P extends Schema, Q extends Schema, B extends Schema>(
    spec: RouteSpec<P, Q, B>,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<unknown> {
    const principal = this.deps.principalOf(request);
    if (principal === undefined) throw new ApiError('unauthenticated', 'sign in first');
    const decision: Decision = { project: '', target: '', checked: false };
    const context: RouteContext<P, Q, B> = {
      principal,
      params: spec.params?.parse(request.params) as Out<P>,
      query: spec.query?.parse(request.query ?? {}) as Out<Q>,
      body: spec.body?.parse(request.body ?? {}) as Out<B>,
      request,
      reply,
      ...this.checks(spec.action, principal, request, decision),
    };
    let result: unknown;
    try {
      result = await spec.handler(context);
    } catch (error) {
      if (decision.checked && mutating(spec.method))
        await this.record(principal, spec.action, decision, request, 'failed', error);
      throw error;
    }
    if (!decision.checked) {
      // A route that never said what it touches must not answer: fail closed.
      throw new ApiError('internal', `route ${spec.method} ${spec.url} made no permission check`);
    }
    if (mutating(spec.method))
      await this.record(principal, spec.action, decision, request, 'allowed', undefined);
    if (spec.raw) return reply;
    return reply.code(spec.status ?? 200).send(result ?? {});
  }

  private checks(
    action: string,
    principal: Principal,
    request: FastifyRequest,
    decision: Decision,
  ): Pick<
    RouteContext<Schema, Schema, Schema>,
    'authorize' | 'authorizeWhen' | 'own' | 'authorizeAny' | 'visible'
  > {
    const { policy } = this.deps;
    const permission = policy.permissionFor(action);
    const decide = async (project: string, target: string, allowed: boolean): Promise<void> => {
      Object.assign(decision, { project, target, checked: true });
      if (allowed) return;
      await this.record(principal, action, decision, request, 'denied', undefined);
      throw new ApiError(
        'forbidden',
        `${principal.user} may not ${action} ${target} (needs ${permission} in project "${project}")`,
        { hint: 'ask an admin for a role in that project' },
      );
    };
    return {
      authorize: (project, target) =>
        decide(project, target, policy.can(principal, permission, project)),
      authorizeWhen: (allowed, project, target) => decide(project, target, allowed),
      authorizeAny: (target) =>
        decide(
          '*',
          target,
          principal.grants.some((g) => policy.can(principal, permission, g.project)),
        ),
      own: (target) => Object.assign(decision, { project: '*', target, checked: true }),
      visible: (project) => policy.can(principal, permission, project),
    };
  }

  private async record(
    principal: Principal,
    action: string,
    decision: Decision,
    request: FastifyRequest,
    outcome: 'allowed' | 'denied' | 'failed',
    error: unknown,
  ): Promise<void> {
    const detail =
      error === undefined
        ? undefined
        : error instanceof Error
          ? error.message
          : JSON.stringify(error);
    try {
      await this.deps.audit.record({
        who: principal.user,
        action,
        target: decision.target,
        project: decision.project,
        at: new Date().toISOString(),
        from: request.ip,
        outcome,
        ...(detail === undefined ? {} : { detail }),
      });
    } catch (auditError) {
      this.deps.log.error({ err: auditError, action }, 'cannot write the audit record');
    }
  }
}
