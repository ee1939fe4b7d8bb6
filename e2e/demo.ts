/**
 * The browser tests' view of the demo cluster: its admin (to change objects
 * behind the portal's back, as an operator would) and waits on what the
 * real KEDA and HPA controller write, instead of sleeps.
 */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { BACKEND_URL, DEMO_KUBECONFIG } from './portal.ts';
import { guestToken } from './session.ts';

/** The demo cluster's admin. */
export function demoAdmin(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(DEMO_KUBECONFIG);
  return kc;
}

/** Polls `check` every 2 s until it returns a value; fails naming `what`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not within ${Math.round(timeoutMs / 1000)} s${
          last ? ` (last error: ${last})` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 2000));
  }
}

/** A ScaledObject as KEDA keeps it (status included). */
export async function scaledObject(namespace: string, name: string) {
  return (await demoAdmin()
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject({
      group: 'keda.sh',
      version: 'v1alpha1',
      plural: 'scaledobjects',
      namespace,
      name,
    })) as any;
}

/** One of a ScaledObject's conditions. */
export function condition(so: any, type: string) {
  return so.status?.conditions?.find((c: any) => c.type === type);
}

/** The portal's /scaling answer for an example component's one workload. */
export async function scalingWorkload(component: string) {
  const res = await fetch(
    `${BACKEND_URL}/api/keda/entities/default/component/${component}/scaling`,
    { headers: { authorization: `Bearer ${await guestToken()}` } },
  );
  const body = await res.json();
  return body.clusters?.[0]?.workloads?.[0];
}
