import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** One sample of a scaled workload. */
export interface Sample {
  cluster: string;
  namespace: string;
  kind: 'ScaledObject' | 'ScaledJob';
  name: string;
  sampledAt: Date;
  replicas?: number;
  desired?: number;
  /** Metric name (as the HPA reports it) -> current value (a quantity string). */
  metrics: Record<string, string>;
  /** Identifies the change the sample came from; see the migration. */
  sourceKey: string;
}

export interface SampleQuery {
  cluster?: string;
  namespace: string;
  kind: 'ScaledObject' | 'ScaledJob';
  name: string;
  since: Date;
  limit?: number;
}

const TABLE = 'keda_samples';

/** Replica and metric history in the plugin's own database (SQLite or PostgreSQL). */
/** Rows per insert statement; below SQLite's limit of 500 compound terms. */
const INSERT_CHUNK = 200;

export class HistoryStore {
  static async create(database: DatabaseService): Promise<HistoryStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@keda-portal/plugin-keda-backend',
          'migrations',
        ),
      });
    }
    return new HistoryStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /** Stores samples; a sample whose change is already stored is ignored. */
  async record(samples: Sample[]): Promise<number> {
    if (!samples.length) return 0;
    const rows = samples.map(s => ({
      cluster: s.cluster,
      namespace: s.namespace,
      kind: s.kind,
      name: s.name,
      sampled_at: s.sampledAt,
      replicas: s.replicas ?? null,
      desired: s.desired ?? null,
      metrics: JSON.stringify(s.metrics),
      source_key: s.sourceKey,
    }));
    // SQLite turns a multi-row insert into a compound SELECT, which it caps
    // at 500 terms: a fleet of more workloads is written in chunks.
    let count = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const inserted = await this.knex(TABLE)
        .insert(rows.slice(i, i + INSERT_CHUNK))
        .onConflict('source_key')
        .ignore()
        .returning('id');
      count += Array.isArray(inserted) ? inserted.length : 0;
    }
    return count;
  }

  async read(query: SampleQuery): Promise<Sample[]> {
    let q = this.knex(TABLE)
      .where({ namespace: query.namespace, kind: query.kind, name: query.name })
      .andWhere('sampled_at', '>=', query.since)
      .orderBy('sampled_at', 'asc')
      .limit(query.limit ?? 5000);
    if (query.cluster) q = q.andWhere({ cluster: query.cluster });
    const rows = await q;
    return rows.map(r => ({
      cluster: r.cluster,
      namespace: r.namespace,
      kind: r.kind,
      name: r.name,
      sampledAt: new Date(r.sampled_at),
      replicas: r.replicas ?? undefined,
      desired: r.desired ?? undefined,
      metrics: JSON.parse(r.metrics),
      sourceKey: r.source_key,
    }));
  }

  /** Deletes samples older than `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    return this.knex(TABLE).where('sampled_at', '<', before).delete();
  }

  async count(): Promise<number> {
    const [{ n }] = await this.knex(TABLE).count({ n: '*' });
    return Number(n);
  }
}
