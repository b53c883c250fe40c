import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { InputError, PreconditionError } from '../errors/index.js';
import type { KubeObject } from '../kube/index.js';
import type { PodPatchOptions } from '../identity/index.js';
import { allow, parseAdmissionReview, type AdmissionReviewAnswer } from './admission-review.js';
import type { ServingCertificate } from './serving-certificate.js';
import { workloadIdentityWebhookPath } from './webhook-configuration.js';
import {
  admitPodCreation,
  podCreation,
  type ServiceAccountLookup,
} from './workload-identity-admission.js';

// The webhook's own small HTTPS listener: reads an AdmissionReview, looks up the pod's
// ServiceAccount (the only I/O), and answers with the decision of workload-identity-admission.

/** The API server caps a request near 3 MiB; a pod's review is far smaller. */
const maxBodyBytes = 6 * 1024 * 1024;

export type AdmissionServerDeps = {
  /** The ServiceAccount, or undefined when it does not exist; throws when it cannot be read. */
  readonly readServiceAccount: (namespace: string, name: string) => Promise<KubeObject | undefined>;
  readonly patchOptions: PodPatchOptions;
  readonly log: Logger;
  /** Give up on the ServiceAccount after this long (the webhook's own timeout is longer). */
  readonly lookupTimeoutMs?: number;
};

async function lookUp(
  deps: AdmissionServerDeps,
  namespace: string,
  name: string,
): Promise<ServiceAccountLookup> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const ms = deps.lookupTimeoutMs ?? 3000;
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    const account = await Promise.race([deps.readServiceAccount(namespace, name), timeout]);
    return account === undefined ? { kind: 'missing' } : { kind: 'found', account };
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The answer to one AdmissionReview body; an InputError when it is not one. */
export async function answerAdmissionReview(
  body: unknown,
  deps: AdmissionServerDeps,
): Promise<AdmissionReviewAnswer> {
  const request = parseAdmissionReview(body);
  const creation = podCreation(request);
  if (creation === undefined) return allow(request.uid);
  const lookup = await lookUp(deps, creation.namespace, creation.serviceAccount);
  const answer = admitPodCreation(creation, lookup, deps.patchOptions);
  const { namespace, pod, serviceAccount } = creation;
  const injected = answer.response.patch !== undefined;
  if (lookup.kind === 'unreadable') {
    deps.log.warn(
      { namespace, pod, serviceAccount, reason: lookup.reason },
      'identity not injected',
    );
  } else if (injected) {
    deps.log.info({ namespace, pod, serviceAccount }, 'workload identity injected');
  }
  return answer;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new InputError(`the body is over ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new InputError(`the body is not JSON: ${(error as Error).message}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: AdmissionServerDeps,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://admission').pathname;
  if (path === '/healthz' && req.method === 'GET') return send(res, 200, { status: 'ok' });
  if (path !== workloadIdentityWebhookPath) return send(res, 404, { error: `no route ${path}` });
  if (req.method !== 'POST') return send(res, 405, { error: `${path} takes POST` });
  try {
    send(res, 200, await answerAdmissionReview(await readJson(req), deps));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    deps.log.warn({ err: error }, 'refused an admission request');
    send(res, 400, { error: error.message });
  }
}

export type AdmissionServer = {
  /** The listener's base URL, e.g. https://127.0.0.1:41234. */
  readonly url: string;
  readonly close: () => Promise<void>;
};

/** Listens on host:port (0: any free port) with the serving certificate. */
export async function startAdmissionServer(
  listen: { readonly host: string; readonly port: number },
  tls: ServingCertificate,
  deps: AdmissionServerDeps,
): Promise<AdmissionServer> {
  const server: Server = createServer(
    { key: tls.key, cert: tls.certificate, minVersion: 'TLSv1.2' },
    (req, res) => {
      handle(req, res, deps).catch((error: unknown) => {
        deps.log.error({ err: error }, 'admission request failed');
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      });
    },
  );
  server.requestTimeout = 10_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, resolve);
    });
  } catch (error) {
    throw new PreconditionError(
      `the admission webhook cannot listen on ${listen.host}:${listen.port}: ${(error as Error).message}`,
      { hint: 'choose another --admission-port, or 0 for any free one', cause: error },
    );
  }
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const host = isIP(listen.host) === 6 ? `[${listen.host}]` : listen.host;
  return { url: `https://${host}:${port}`, close };
}
