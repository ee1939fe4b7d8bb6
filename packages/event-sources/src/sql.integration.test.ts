/**
 * Integration: runs SQL against a real PostgreSQL, the run's shared one
 * (scripts/test.sh) or one of its own from scripts/test-postgres.sh.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSql } from './sql';

jest.setTimeout(2 * 60_000);

// eslint-disable-next-line no-restricted-syntax
const script = path.resolve(__dirname, '../../../scripts/test-postgres.sh');
const shared = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

describe('runSql', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postgres-'));
  let url = shared ?? '';

  beforeAll(() => {
    if (!url) {
      url = execFileSync('bash', [script, 'start', dir], {
        encoding: 'utf8',
      }).trim();
    }
  });
  afterAll(() => {
    if (!shared) {
      execFileSync('bash', [script, 'stop', dir]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves the count a postgresql trigger query returns', async () => {
    const table = `jobs_${process.pid}_${Date.now()}`;
    await runSql(url, `CREATE TABLE ${table} (id serial, state text)`);
    try {
      const count = async () =>
        Number(
          (
            await runSql(
              url,
              `SELECT COUNT(*) AS n FROM ${table} WHERE state = $1`,
              ['pending'],
            )
          ).rows[0].n,
        );
      expect(await count()).toBe(0);
      const inserted = await runSql(
        url,
        `INSERT INTO ${table} (state) SELECT 'pending' FROM generate_series(1, $1::int)`,
        [25],
      );
      expect(inserted.rowCount).toBe(25);
      expect(await count()).toBe(25);
      await runSql(
        url,
        `UPDATE ${table} SET state = 'done' WHERE id IN (SELECT id FROM ${table} WHERE state = 'pending' LIMIT 10)`,
      );
      expect(await count()).toBe(15);
    } finally {
      await runSql(url, `DROP TABLE ${table}`);
    }
  });

  it('names the connection string when it is not one', async () => {
    await expect(runSql('127.0.0.1:5432', 'SELECT 1')).rejects.toThrow(
      /connectionString: expected postgresql:\/\//,
    );
  });
});
