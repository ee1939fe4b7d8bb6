import { Client } from 'pg';

/** What {@link runSql} answers. */
export interface SqlResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number;
}

/**
 * Runs one SQL statement against a PostgreSQL connection string (e.g. the
 * one scripts/test-postgres.sh prints), on a connection of its own, e.g. to
 * move the row count a KEDA postgresql trigger's query returns. Use `$1`,
 * `$2` placeholders with `params` for values.
 */
export async function runSql(
  connectionString: string,
  statement: string,
  params: unknown[] = [],
): Promise<SqlResult> {
  if (!/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new Error(
      'connectionString: expected postgresql://user[:pass]@127.0.0.1:PORT[/db], e.g. what scripts/test-postgres.sh start prints',
    );
  }
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query(statement, params);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}
