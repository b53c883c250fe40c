import type { KubeObject } from './object-ref.js';
import type { KubeRest } from './rest-client.js';

export type WatchEvent = {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
};
export type WatchHandle = { stop: () => void };

/**
 * List-then-watch a collection forever: hands every object to `onEvent` (the list as ADDED),
 * resumes from the last resourceVersion, and relists when the server says it is too old.
 */
export function watchCollection(
  rest: KubeRest,
  path: string,
  labelSelector: string | undefined,
  onEvent: (event: WatchEvent) => void,
  onError: (error: unknown) => void = () => undefined,
  onListed: () => void = () => undefined,
): WatchHandle {
  let stopped = false;
  let abort = (): void => undefined;
  const loop = async (): Promise<void> => {
    let resourceVersion: string | undefined;
    while (!stopped) {
      try {
        if (resourceVersion === undefined) {
          const list = await rest.send<{
            items: KubeObject[];
            metadata: { resourceVersion: string };
            kind: string;
            apiVersion: string;
          }>({
            method: 'GET',
            path,
            query: { labelSelector },
          });
          const kind = list.kind.replace(/List$/, '');
          for (const object of list.items)
            onEvent({ type: 'ADDED', object: { ...object, apiVersion: list.apiVersion, kind } });
          resourceVersion = list.metadata.resourceVersion;
          onListed();
        }
        let expired = false;
        const stream = rest.stream(
          path,
          {
            watch: '1',
            resourceVersion,
            labelSelector,
            allowWatchBookmarks: 'true',
            timeoutSeconds: '300',
          },
          (line) => {
            const event = JSON.parse(line) as {
              type: string;
              object: KubeObject & { code?: number };
            };
            if (event.type === 'ERROR') {
              expired = event.object.code === 410;
              return;
            }
            resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
            if (event.type === 'BOOKMARK') return;
            onEvent({ type: event.type as WatchEvent['type'], object: event.object });
          },
        );
        abort = stream.abort;
        await stream.done;
        if (expired) resourceVersion = undefined;
      } catch (error) {
        if (stopped) return;
        onError(error);
        resourceVersion = undefined;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  void loop();
  return {
    stop: () => {
      stopped = true;
      abort();
    },
  };
}
