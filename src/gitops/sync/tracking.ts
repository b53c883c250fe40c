import { createHash } from 'node:crypto';

/** The Application that owns an object: exact in an annotation, hashed into a label for watches. */
export const trackingAnnotation = 'slipway.dev/tracking-id';
export const instanceLabel = 'slipway.dev/app-instance';

export type AppId = { readonly namespace: string; readonly name: string };

export const trackingId = (app: AppId): string => `${app.namespace}/${app.name}`;

/** A label value (≤ 63 chars, [a-z0-9.-]) that names the app; hashed when the name is too long. Pure. */
export function instanceLabelValue(app: AppId): string {
  const plain = `${app.namespace}.${app.name}`;
  if (plain.length <= 63) return plain;
  return `${plain.slice(0, 46)}-${createHash('sha256').update(plain).digest('hex').slice(0, 16)}`;
}

type Labelled = {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
};

export function withTracking<T extends Labelled>(object: T, app: AppId): T {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...(object.metadata.labels ?? {}), [instanceLabel]: instanceLabelValue(app) },
      annotations: {
        ...(object.metadata.annotations ?? {}),
        [trackingAnnotation]: trackingId(app),
      },
    },
  };
}

export function isTrackedBy(object: Labelled | undefined, app: AppId): boolean {
  return object?.metadata.annotations?.[trackingAnnotation] === trackingId(app);
}

export function trackedApp(object: Labelled): AppId | undefined {
  const id = object.metadata.annotations?.[trackingAnnotation];
  const slash = id?.indexOf('/') ?? -1;
  if (id === undefined || slash <= 0) return undefined;
  return { namespace: id.slice(0, slash), name: id.slice(slash + 1) };
}
