import {
  getScaler,
  getScalerParameter,
  matchesParameterName,
  scalerCatalog,
  secretParameters,
} from '.';
import type { ScalerParameterSource } from '.';

const KINDS = [
  'string',
  'integer',
  'number',
  'quantity',
  'boolean',
  'enum',
  'duration',
  'url',
  'cron',
  'timezone',
  'list',
  'json',
  'map',
];
const CATEGORIES = [
  'Apps',
  'CI/CD',
  'Data & Storage',
  'Extensibility',
  'Kubernetes',
  'Messaging',
  'Metrics',
  'Monitoring & Analytics',
  'Scheduling',
  'Testing',
];
const SOURCES: ScalerParameterSource[] = ['metadata', 'env', 'authentication'];
const PROVIDERS = ['azure-workload', 'aws', 'aws-eks', 'gcp'];

const allParameters = scalerCatalog.flatMap(definition =>
  definition.parameters.map(parameter => ({
    type: definition.type,
    parameter,
  })),
);

describe('scalerCatalog', () => {
  it('has one definition per trigger type, aliases included', () => {
    const names = scalerCatalog.flatMap(d => [d.type, ...(d.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('covers the 77 documented scaler pages', () => {
    const pages = new Set(scalerCatalog.map(d => d.docsUrl));
    expect(pages.size).toBeGreaterThanOrEqual(77);
    expect(scalerCatalog.length).toBeGreaterThanOrEqual(77);
  });

  it('links every definition to its 2.21 docs page, or its KEDA source without one', () => {
    // In KEDA 2.21's code, without a docs page in 2.21.
    const undocumented = ['azure-cosmosdb', 'clickhouse', 'gcp-spanner'];
    for (const definition of scalerCatalog) {
      expect(definition.docsUrl).toMatch(
        undocumented.includes(definition.type)
          ? /^https:\/\/github\.com\/kedacore\/keda\/blob\/v2\.21\.0\/pkg\/scalers\/\w+\.go$/
          : /^https:\/\/keda\.sh\/docs\/2\.21\/scalers\/[a-z0-9-]+\/$/,
      );
    }
  });

  it('is sorted by type', () => {
    const types = scalerCatalog.map(d => d.type);
    expect(types).toEqual([...types].sort((a, b) => a.localeCompare(b)));
  });

  it('has a title, a known category and a one-line description', () => {
    for (const definition of scalerCatalog) {
      expect(definition.title).not.toBe('');
      expect(CATEGORIES).toContain(definition.category);
      expect(definition.description).not.toMatch(/\n/);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.description.length).toBeLessThanOrEqual(120);
    }
  });

  it('names only known pod identity providers', () => {
    for (const definition of scalerCatalog) {
      for (const provider of definition.podIdentityProviders) {
        expect(PROVIDERS).toContain(provider);
      }
    }
  });

  it('marks stan as removed, and nothing else', () => {
    expect(getScaler('stan')?.removed).toBe(true);
    expect(scalerCatalog.filter(d => d.removed).map(d => d.type)).toEqual([
      'stan',
    ]);
  });

  it('includes cpu and memory', () => {
    for (const type of ['cpu', 'memory']) {
      const definition = getScaler(type);
      expect(definition?.category).toBe('Apps');
      expect(
        definition?.parameters.find(p => p.name === 'value')?.required,
      ).toBe(true);
    }
  });

  it('includes the trigger types whose page name differs', () => {
    expect(getScaler('kafka')?.docsUrl).toMatch(/\/apache-kafka\/$/);
    expect(getScaler('apache-kafka')?.docsUrl).toMatch(/\/apache-kafka-go\/$/);
    expect(getScaler('rabbitmq')?.docsUrl).toMatch(/\/rabbitmq-queue\/$/);
    expect(getScaler('apache-kafka')?.experimental).toBe(true);
  });
});

describe('scaler parameters', () => {
  it('have unique names within a trigger type', () => {
    for (const definition of scalerCatalog) {
      const names = definition.parameters.map(p => p.name);
      expect({ type: definition.type, names: [...new Set(names)] }).toEqual({
        type: definition.type,
        names,
      });
    }
  });

  it('have a description, a known kind and at least one source', () => {
    for (const { type, parameter } of allParameters) {
      const where = `${type}.${parameter.name}`;
      expect([where, parameter.description.length > 0]).toEqual([where, true]);
      expect(KINDS).toContain(parameter.kind);
      expect(parameter.sources.length).toBeGreaterThan(0);
      expect(new Set(parameter.sources).size).toBe(parameter.sources.length);
      for (const source of parameter.sources) expect(SOURCES).toContain(source);
    }
  });

  it('never allow a secret as literal metadata', () => {
    const offenders = allParameters
      .filter(({ parameter }) => parameter.secret)
      .filter(({ parameter }) => parameter.sources.includes('metadata'))
      .map(({ type, parameter }) => `${type}.${parameter.name}`);
    expect(offenders).toEqual([]);
  });

  it('mark the usual credentials as secret', () => {
    const credential =
      /^(password|.*Password|.*[Ss]ecret.*|.*[Tt]oken|apiKey|appKey|key|keyPassword|connection|connectionString|GoogleApplicationCredentials|credentials)$/;
    // The name of a data key in a ConfigMap or Secret, not a private key.
    const notCredentials = ['kubernetes-resource.key'];
    const offenders = allParameters
      .filter(({ parameter }) => credential.test(parameter.name))
      .filter(({ parameter }) => !parameter.secret)
      .map(({ type, parameter }) => `${type}.${parameter.name}`)
      .filter(name => !notCredentials.includes(name));
    expect(offenders).toEqual([]);
  });

  it('give enum parameters their values, and defaults among them', () => {
    const enums = allParameters.filter(
      ({ parameter }) => parameter.kind === 'enum',
    );
    expect(enums.length).toBeGreaterThan(0);
    const withoutValues = enums
      .filter(({ parameter }) => (parameter.values ?? []).length === 0)
      .map(({ type, parameter }) => `${type}.${parameter.name}`);
    expect(withoutValues).toEqual([]);
    const strayDefaults = enums
      .filter(({ parameter }) => parameter.default !== undefined)
      // KEDA compares these without regard to case.
      .filter(
        ({ parameter }) =>
          !parameter.values?.some(
            v => v.toLowerCase() === parameter.default!.toLowerCase(),
          ),
      )
      .map(({ type, parameter }) => `${type}.${parameter.name}`);
    expect(strayDefaults).toEqual([]);
  });

  it('only give values to enum and list parameters', () => {
    const offenders = allParameters
      .filter(({ parameter }) => parameter.values !== undefined)
      .filter(({ parameter }) => !['enum', 'list'].includes(parameter.kind))
      .map(({ type, parameter }) => `${type}.${parameter.name}`);
    expect(offenders).toEqual([]);
  });

  it('have defaults that fit their kind', () => {
    const fits: Partial<Record<string, (value: string) => boolean>> = {
      boolean: value => value === 'true' || value === 'false',
      integer: value => /^-?\d+$/.test(value),
      number: value => Number.isFinite(Number(value)),
    };
    const offenders = allParameters
      .filter(({ parameter }) => parameter.default)
      .filter(({ parameter }) => {
        const fit = fits[parameter.kind];
        return fit !== undefined && !fit(parameter.default!);
      })
      .map(({ type, parameter }) => `${type}.${parameter.name}`);
    expect(offenders).toEqual([]);
  });

  it('are not both required and defaulted, nor required and alternative', () => {
    const offenders = allParameters
      .filter(({ parameter }) => parameter.required)
      .filter(
        ({ parameter }) =>
          parameter.default !== undefined || parameter.oneOfGroup !== undefined,
      )
      .map(({ type, parameter }) => `${type}.${parameter.name}`);
    expect(offenders).toEqual([]);
  });

  it('have alternatives in groups of at least two', () => {
    for (const definition of scalerCatalog) {
      const groups = new Map<string, number>();
      for (const parameter of definition.parameters) {
        if (parameter.oneOfGroup) {
          groups.set(
            parameter.oneOfGroup,
            (groups.get(parameter.oneOfGroup) ?? 0) + 1,
          );
        }
      }
      for (const [group, size] of groups) {
        expect([definition.type, group, size >= 2]).toEqual([
          definition.type,
          group,
          true,
        ]);
      }
    }
  });

  it('model the documented alternatives of Azure Service Bus', () => {
    const parameters = getScaler('azure-servicebus')!.parameters;
    const group = (name: string) =>
      parameters.find(p => p.name === name)?.oneOfGroup;
    expect(group('queueName')).toBeDefined();
    expect(group('topicName')).toBe(group('queueName'));
    expect(group('subscriptionName')).toBe(group('queueName'));
  });
});

describe('helpers', () => {
  it('getScaler finds a type and returns undefined for unknown ones', () => {
    expect(getScaler('prometheus')?.title).toBe('Prometheus');
    expect(getScaler('no-such-scaler')).toBeUndefined();
  });

  it('secretParameters lists the credentials of a type', () => {
    const names = secretParameters('rabbitmq').map(p => p.name);
    expect(names).toEqual(expect.arrayContaining(['password', 'key']));
    // KEDA reads host from the metadata first; credentials go elsewhere.
    expect(names).not.toContain('host');
    expect(names).not.toContain('queueName');
    expect(secretParameters('cron')).toEqual([]);
    expect(secretParameters('no-such-scaler')).toEqual([]);
  });

  it('getScalerParameter matches pattern parameters', () => {
    expect(getScalerParameter('sumologic', 'query.B')?.name).toBe('query.*');
    expect(getScalerParameter('sumologic', 'query')?.name).toBe('query');
    expect(getScalerParameter('sumologic', 'nope')).toBeUndefined();
  });

  it('matchesParameterName treats * as a non-empty wildcard', () => {
    expect(matchesParameterName('query.*', 'query.A')).toBe(true);
    expect(matchesParameterName('query.*', 'query.')).toBe(false);
    expect(matchesParameterName('query.*', 'queryXA')).toBe(false);
    expect(matchesParameterName('host', 'host')).toBe(true);
    expect(matchesParameterName('host', 'hosts')).toBe(false);
  });
});
