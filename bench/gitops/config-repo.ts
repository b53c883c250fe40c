// The config repository the GitOps benchmark deploys from: a real Git repository in a temp folder
// with one folder per app (ServiceAccount, Service, Deployment scaled to zero, Ingress), served
// to the engine as a file:// URL, and commits that change one app as a developer's push would.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCommand } from '../../src/exec/index.js';

export const pauseImage = '127.0.0.1:5000/pause:3.10-slipway.1';
/** The annotation a commit changes on one app's Deployment; the webhook latency waits for it. */
export const commitAnnotation = 'bench.slipway.dev/commit';

export const appName = (i: number): string => `app-${i}`;

function appManifests(name: string, commit: string | undefined): Record<string, string> {
  const labels = { app: name };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      labels,
      ...(commit === undefined ? {} : { annotations: { [commitAnnotation]: commit } }),
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'main', image: pauseImage, ports: [{ containerPort: 8080 }] }],
        },
      },
    },
  };
  return {
    'serviceaccount.yaml': stringify({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, labels },
    }),
    'service.yaml': stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: { type: 'ClusterIP', selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    }),
    'deployment.yaml': stringify(deployment),
    'ingress.yaml': stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, labels },
      spec: {
        rules: [
          {
            host: `${name}.bench.local`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    }),
  };
}

export class ConfigRepo {
  private constructor(
    readonly dir: string,
    readonly apps: number,
  ) {}

  /** A repository whose first commit holds `apps` folders apps/app-<i>/. */
  static async create(apps: number): Promise<ConfigRepo> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-bench-gitops-'));
    const repo = new ConfigRepo(dir, apps);
    await repo.git('init', '-q', '-b', 'main');
    await repo.git('config', 'user.email', 'bench@slipway.dev');
    await repo.git('config', 'user.name', 'Slipway bench');
    for (let i = 0; i < apps; i += 1) await repo.writeApp(i, undefined);
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', `${apps} apps`);
    return repo;
  }

  get url(): string {
    return `file://${this.dir}`;
  }

  path(i: number): string {
    return `apps/${appName(i)}`;
  }

  /** Commits a new value of the commit annotation on app i's Deployment; returns the sha. */
  async commitAnnotation(i: number, value: string): Promise<string> {
    await this.writeApp(i, value);
    await this.git('commit', '-q', '-a', '-m', `${appName(i)}: ${commitAnnotation}=${value}`);
    return (await this.git('rev-parse', 'HEAD')).trim();
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private async writeApp(i: number, commit: string | undefined): Promise<void> {
    const folder = join(this.dir, this.path(i));
    await mkdir(folder, { recursive: true });
    for (const [file, text] of Object.entries(appManifests(appName(i), commit)))
      await writeFile(join(folder, file), text);
  }

  private git(...args: string[]): Promise<string> {
    return runCommand('git', ['-C', this.dir, ...args]);
  }
}
