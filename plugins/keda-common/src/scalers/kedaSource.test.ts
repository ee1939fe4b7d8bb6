import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scalerCatalog } from '.';
import { handWrittenScalers } from './catalog';
import {
  compareCatalogWithKeda,
  formatKedaMismatch,
  type KedaTable,
} from './kedaSourceCheck';
import type { ScalerDefinition, ScalerParameter } from './types';

const table: KedaTable = JSON.parse(
  readFileSync(join(__dirname, 'kedaSourceTable.json'), 'utf8'),
);

const mismatchesOf = (catalog: ReadonlyArray<ScalerDefinition>) =>
  compareCatalogWithKeda(catalog, table).map(formatKedaMismatch);

/** The catalog with one trigger type changed by `edit`. */
function edited(
  type: string,
  edit: (parameters: ScalerParameter[]) => ScalerParameter[],
): ScalerDefinition[] {
  return scalerCatalog.map(d =>
    d.type === type ? { ...d, parameters: edit([...d.parameters]) } : d,
  );
}

describe('the catalog against KEDA v2.21.0 source', () => {
  it('matches what every scaler reads', () => {
    expect(mismatchesOf(scalerCatalog)).toEqual([]);
  });

  it('describes by hand every parameter KEDA reads, and no other', () => {
    const problems: string[] = [];
    for (const definition of handWrittenScalers) {
      const trigger = table.triggerTypes[definition.type];
      if (!trigger) continue;
      const names = new Set(definition.parameters.map(p => p.name));
      for (const parameter of trigger.parameters) {
        if (!names.has(parameter.name)) {
          problems.push(
            `${definition.type} ${parameter.name}: KEDA reads it (KEDA ${parameter.at}); describe it in catalog/`,
          );
        }
      }
      const kedaNames = new Set(trigger.parameters.map(p => p.name));
      for (const name of names) {
        if (!kedaNames.has(name)) {
          problems.push(
            `${definition.type} ${name}: KEDA never reads it (KEDA ${trigger.root}); remove it from catalog/`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('records the KEDA source file of every trigger type KEDA has', () => {
    const withoutSource = scalerCatalog
      .filter(d => !/^pkg\/scalers\/\w+\.go$/.test(d.kedaSource ?? ''))
      .map(d => d.type);
    // stan is gone from KEDA: no source.
    expect(withoutSource).toEqual(['stan']);
    expect(scalerCatalog.find(d => d.type === 'prometheus')?.kedaSource).toBe(
      'pkg/scalers/prometheus_scaler.go',
    );
  });

  describe('names the trigger, the parameter and the KEDA source line of a mismatch', () => {
    const line = (type: string, name: string) =>
      table.triggerTypes[type].parameters.find(p => p.name === name)!.at;

    it('a parameter KEDA reads that the catalog lacks (prometheus awsRoleArn)', () => {
      const mismatches = mismatchesOf(
        edited('prometheus', ps => ps.filter(p => p.name !== 'awsRoleArn')),
      );
      expect(line('prometheus', 'awsRoleArn')).toMatch(
        /^pkg\/scalers\/aws\/aws_common\.go:\d+$/,
      );
      expect(mismatches).toEqual([
        `prometheus awsRoleArn: KEDA reads it; the catalog lacks it (KEDA ${line(
          'prometheus',
          'awsRoleArn',
        )})`,
      ]);
    });

    it('a secret-only host where KEDA reads the metadata first (rabbitmq host)', () => {
      const mismatches = mismatchesOf(
        edited('rabbitmq', ps =>
          ps.map(p =>
            p.name === 'host'
              ? { ...p, secret: true, sources: ['authentication', 'env'] }
              : p,
          ),
        ),
      );
      expect(mismatches).toEqual([
        `rabbitmq host: sources are [authentication, env], KEDA reads [metadata, authentication, env] (KEDA ${line(
          'rabbitmq',
          'host',
        )})`,
      ]);
    });

    it('a required parameter KEDA never reads (forgejo-runner name)', () => {
      const mismatches = mismatchesOf(
        edited('forgejo-runner', ps => [
          ...ps,
          {
            name: 'name',
            description: 'Runner name.',
            required: true,
            kind: 'string',
            sources: ['metadata'],
            secret: false,
          },
        ]),
      );
      expect(mismatches).toEqual([
        `forgejo-runner name: the catalog has it; KEDA never reads it (KEDA ${table.triggerTypes['forgejo-runner'].root})`,
      ]);
    });

    it('requiredness, defaults and allowed values', () => {
      const mismatches = mismatchesOf(
        edited('rabbitmq', ps =>
          ps.map(p => {
            if (p.name === 'queueName') return { ...p, required: false };
            if (p.name === 'pageSize') return { ...p, default: '50' };
            if (p.name === 'method') return { ...p, values: ['header'] };
            return p;
          }),
        ),
      );
      expect(mismatches).toEqual([
        expect.stringMatching(
          /^rabbitmq queueName: KEDA requires it; the catalog does not \(KEDA pkg\/scalers\/rabbitmq_scaler\.go:\d+\)$/,
        ),
        expect.stringMatching(
          /^rabbitmq pageSize: default is 50, KEDA's is 100 \(KEDA pkg\/scalers\/rabbitmq_scaler\.go:\d+\)$/,
        ),
        expect.stringMatching(
          /^rabbitmq method: allowed values are \[header\], KEDA's are \[header, query\] \(KEDA pkg\/scalers\/authentication\/authentication_types\.go:\d+\)$/,
        ),
      ]);
    });

    it('a trigger type KEDA has that the catalog lacks', () => {
      expect(
        mismatchesOf(scalerCatalog.filter(d => d.type !== 'clickhouse')),
      ).toEqual([
        `clickhouse: KEDA has this trigger type; the catalog does not (KEDA ${table.triggerTypes.clickhouse.builder})`,
      ]);
    });
  });
});

/** KEDA v2.21.0 in the Go module cache, when Go and the module are there. */
function kedaSourceFolder(): string | undefined {
  try {
    const cache = execFileSync('go', ['env', 'GOMODCACHE'], {
      encoding: 'utf8',
    }).trim();
    const folder = join(
      cache,
      `github.com/kedacore/keda/v2@${table.kedaVersion}`,
    );
    return existsSync(folder) ? folder : undefined;
  } catch {
    return undefined;
  }
}

// scripts/dev test builds KEDA from these modules (tools/keda) before Jest,
// so they are there; a missing module cache is a failure, not a skip.
describe('the committed table', () => {
  it('is what the generator reads from KEDA’s source', () => {
    const folder = kedaSourceFolder();
    if (!folder) {
      throw new Error(
        'KEDA v2.21.0 is not in the Go module cache: run tools/keda/build.sh (or scripts/dev test), then run this test again',
      );
    }
    // eslint-disable-next-line @backstage/no-relative-monorepo-imports
    const { generate } = require('../../scripts/keda-scaler-table');
    expect(generate(folder)).toEqual(table);
  });
});
