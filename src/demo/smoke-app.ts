import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
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
