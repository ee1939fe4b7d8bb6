/**
 * The demo's examples (examples/cluster, examples/gitops) name the event
 * sources' addresses with `${DEMO_...}` placeholders: the sources run on this
 * machine on ports chosen at the demo's first start. These functions fill
 * them in, for the cluster's objects and the GitOps repository alike.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The placeholders the examples may use, and what each stands for. */
export const DEMO_PLACEHOLDERS = {
  DEMO_PROMETHEUS_URL: "Prometheus's URL, http://127.0.0.1:<port>",
  DEMO_KAFKA_BOOTSTRAP:
    "the Kafka broker's bootstrap address, 127.0.0.1:<port>",
  DEMO_RABBITMQ_URL:
    "RabbitMQ's AMQP URL with credentials (it goes into a Secret)",
  DEMO_REDIS_ADDRESS: "Redis's address, 127.0.0.1:<port>",
  DEMO_REDIS_PASSWORD: "Redis's password (it goes into a Secret)",
} as const;

/** A value for every placeholder. */
export type DemoValues = Record<keyof typeof DEMO_PLACEHOLDERS, string>;

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** Fills in the placeholders of one file's text; an unknown one is an error naming the file. */
export function renderText(
  text: string,
  values: DemoValues,
  where: string,
): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in DEMO_PLACEHOLDERS)) {
      throw new Error(
        `${where}: placeholder \${${name}} is unknown; use one of ${Object.keys(
          DEMO_PLACEHOLDERS,
        )
          .map(n => `\${${n}}`)
          .join(', ')}`,
      );
    }
    return values[name as keyof DemoValues];
  });
}

/** Every YAML document of each `*.yaml` file of a folder, in name order, placeholders filled in. */
export function renderManifests(
  dir: string,
  values: DemoValues,
): KubernetesObject[] {
  return fs
    .readdirSync(dir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()
    .flatMap(file => {
      const where = path.join(dir, file);
      const text = renderText(fs.readFileSync(where, 'utf8'), values, where);
      return parseAllDocuments(text)
        .map(doc => doc.toJS() as KubernetesObject | null)
        .filter((o): o is KubernetesObject => Boolean(o?.kind));
    });
}

/** Copies a folder, filling in the placeholders of every file on the way. */
export function renderTree(from: string, to: string, values: DemoValues) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      renderTree(source, target, values);
    } else {
      fs.writeFileSync(
        target,
        renderText(fs.readFileSync(source, 'utf8'), values, source),
      );
    }
  }
}
