// A stand-in ingress controller: gives every Ingress in a namespace a load-balancer address, as
// ingress-nginx would. The engine judges Ingress health as Argo CD does — Progressing until an
// address is published — so without this no app holding an Ingress ever becomes Healthy.
import { watchCollection, type KubeObject, type ObjectClient } from '../../src/kube/index.js';

export class IngressPublisher {
  published = 0;
  failures = 0;
  private readonly done = new Set<string>();
  private readonly watch;

  constructor(
    private readonly client: ObjectClient,
    namespace: string,
  ) {
    this.watch = watchCollection(
      client.rest,
      `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses`,
      undefined,
      (event) => {
        if (event.type !== 'DELETED') this.publish(event.object);
      },
    );
  }

  stop(): void {
    this.watch.stop();
  }

  private publish(ingress: KubeObject): void {
    const status = ingress['status'] as { loadBalancer?: { ingress?: unknown[] } } | undefined;
    const key = `${ingress.metadata.namespace ?? ''}/${ingress.metadata.name}`;
    if ((status?.loadBalancer?.ingress?.length ?? 0) > 0 || this.done.has(key)) return;
    this.done.add(key);
    const ref = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      name: ingress.metadata.name,
      ...(ingress.metadata.namespace ? { namespace: ingress.metadata.namespace } : {}),
    };
    this.client
      .mergePatch(ref, { status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } } }, 'status')
      .then(() => (this.published += 1))
      .catch(() => {
        this.failures += 1;
        this.done.delete(key);
      });
  }
}
