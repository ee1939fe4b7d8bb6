import { KubeConfig } from '@kubernetes/client-node';
import https from 'node:https';

/**
 * What the real chain wrote about one ScaledObject or ScaledJob, read
 * straight from the API server as raw JSON (what `kubectl get -o json`
 * shows; client-node's typed reads would turn times into Dates).
 */
export interface Snapshot {
  scaledObject?: any;
  scaledJob?: any;
  /** The HPA KEDA made for the ScaledObject (none while paused). */
  hpa?: any;
  /** The scale target (a Deployment here). */
  target?: any;
  /** The ScaledJob's Jobs, oldest first. */
  jobs?: any[];
  /** core/v1 Events about the object, as the portal's reader reads them. */
  events: any[];
  /** core/v1 Events about the HPA (the HPA controller's, for reference). */
  hpaEvents: any[];
}

/** GET of an API path as JSON; undefined on 404. */
export async function getJson(
  admin: KubeConfig,
  path: string,
): Promise<any | undefined> {
  const server = admin.getCurrentCluster()!.server;
  const options: https.RequestOptions = {};
  await admin.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    https
      .get(`${server}${path}`, options, res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          if (res.statusCode === 404) resolve(undefined);
          else if (res.statusCode !== 200) {
            reject(new Error(`GET ${path}: ${res.statusCode} ${text}`));
          } else resolve(JSON.parse(text));
        });
      })
      .on('error', reject);
  });
}

function byName(a: any, b: any): number {
  return String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}

/** A list's items with the list's apiVersion and kind on each, as a get shows them. */
function items(list: any, kind: string): any[] {
  return (list?.items ?? []).map((item: any) => ({
    apiVersion: list.apiVersion,
    kind,
    ...item,
  }));
}

/** Reads the object, its HPA, target, Jobs and Events. */
export async function takeSnapshot(
  admin: KubeConfig,
  ref: { kind: 'ScaledObject' | 'ScaledJob'; namespace: string; name: string },
): Promise<Snapshot> {
  const { namespace, name } = ref;
  const plural = ref.kind === 'ScaledObject' ? 'scaledobjects' : 'scaledjobs';
  const object = await getJson(
    admin,
    `/apis/keda.sh/v1alpha1/namespaces/${namespace}/${plural}/${name}`,
  );
  const events = items(
    await getJson(admin, `/api/v1/namespaces/${namespace}/events`),
    'Event',
  );
  const about = (kind: string, n: string) =>
    events
      .filter(
        e => e.involvedObject?.kind === kind && e.involvedObject?.name === n,
      )
      .sort(byName);
  if (ref.kind === 'ScaledJob') {
    const jobs = items(
      await getJson(
        admin,
        `/apis/batch/v1/namespaces/${namespace}/jobs?labelSelector=${encodeURIComponent(
          `scaledjob.keda.sh/name=${name}`,
        )}`,
      ),
      'Job',
    );
    return {
      scaledJob: object,
      jobs: jobs.sort(
        (a, b) =>
          String(a.metadata?.creationTimestamp).localeCompare(
            String(b.metadata?.creationTimestamp),
          ) || byName(a, b),
      ),
      events: about('ScaledJob', name),
      hpaEvents: [],
    };
  }
  const hpaName = object?.status?.hpaName ?? `keda-hpa-${name}`;
  const hpa = await getJson(
    admin,
    `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers/${hpaName}`,
  );
  const target = await getJson(
    admin,
    `/apis/apps/v1/namespaces/${namespace}/deployments/${
      object?.spec?.scaleTargetRef?.name ?? name
    }`,
  );
  return {
    scaledObject: object,
    hpa,
    target,
    events: about('ScaledObject', name),
    hpaEvents: about('HorizontalPodAutoscaler', hpaName),
  };
}
