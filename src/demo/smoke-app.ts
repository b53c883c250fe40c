import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterLayout, Toolchain } from '../cluster/index.js';
import { waitHealthy } from '../cluster/health.js';
import { kubectl } from '../cluster/kubectl.js';
import { StateError } from '../errors/index.js';
import { runCommand } from '../exec/index.js';

/** A tiny HTTP server on the Python base image: proof that a built image runs on the node. */
const appSource = `import http.server, os, socket

class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"hello from slipway on {socket.gethostname()}\\n".encode()
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("", int(os.environ.get("PORT", "8080"))), Hello).serve_forever()
`;

export type BuiltImage = { readonly repository: string; readonly digest: string };
export const imageByDigest = (image: BuiltImage): string => `${image.repository}@${image.digest}`;

/** Builds the smoke app FROM the registry's Python base with buildah and pushes it; returns its digest. */
export async function buildSmokeImage(registry: string, tag: string): Promise<BuiltImage> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-smoke-'));
  try {
    await writeFile(join(dir, 'app.py'), appSource);
    await writeFile(
      join(dir, 'Containerfile'),
      [
        `FROM ${registry}/base/python:3.11`,
        'COPY app.py /app/app.py',
        'USER 65534:65534',
        'EXPOSE 8080',
        'CMD ["python3", "/app/app.py"]',
        '',
      ].join('\n'),
    );
    const repository = `${registry}/smoke/hello`;
    await runCommand('buildah', [
      'build',
      '--tls-verify=false',
      '--layers',
      '-t',
      `${repository}:${tag}`,
      dir,
    ]);
    const digestFile = join(dir, 'digest');
    await runCommand('buildah', [
      'push',
      '--tls-verify=false',
      '--digestfile',
      digestFile,
      `${repository}:${tag}`,
      `docker://${repository}:${tag}`,
    ]);
    return { repository, digest: (await readFile(digestFile, 'utf8')).trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The Deployment and NodePort Service of the smoke app. Pure. */
export function smokeAppManifests(namespace: string, image: string): string {
  const labels = { 'app.kubernetes.io/name': 'hello' };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello', namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'hello',
              image,
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
              resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace, labels },
    spec: {
      type: 'NodePort',
      selector: labels,
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
  return [deployment, service].map((d) => stringify(d)).join('---\n');
}

/** Applies the smoke app, waits for its rollout and for its NodePort to answer; returns the URL. */
export async function deploySmokeApp(
  layout: ClusterLayout,
  tools: Toolchain,
  namespace: string,
  image: string,
): Promise<string> {
  const run = (args: string[], input?: string): Promise<string> =>
    kubectl(layout, tools, ['-n', namespace, ...args], input);
  await run(['apply', '-f', '-'], smokeAppManifests(namespace, image));
  await run(['rollout', 'status', 'deployment/hello', '--timeout=180s']);
  const nodePort = (
    await run(['get', 'service', 'hello', '-o', 'jsonpath={.spec.ports[0].nodePort}'])
  ).trim();
  const url = `http://127.0.0.1:${nodePort}/`;
  // kube-proxy programs the NodePort a moment after the Service's endpoints appear.
  const answer = await waitHealthy({ kind: 'http', url }, 30_000);
  if (!answer.healthy) {
    throw new StateError(`the smoke app did not answer at ${url} (${answer.detail})`, {
      hint: `look at \`kubectl -n ${namespace} get pods,endpointslices\` and the kube-proxy log in ${layout.logDir}`,
    });
  }
  return url;
}
