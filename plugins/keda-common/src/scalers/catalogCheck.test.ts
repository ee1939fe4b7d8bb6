import { scalerCatalog } from '.';
import { checkCatalog, parseScalerPage } from './catalogCheck';
import type { ScalerDefinition } from '.';

const FENCE = '```';

/** A small page in the shape of the KEDA docs. */
function page(options: {
  type?: string;
  metadata?: string[];
  parameters?: string[];
  auth?: string[];
  extra?: string;
}): string {
  const yaml = options.type
    ? [
        `${FENCE}yaml`,
        'triggers:',
        `- type: ${options.type}`,
        '  metadata:',
        ...(options.metadata ?? []).map(line => `    ${line}`),
        FENCE,
      ]
    : [];
  return [
    '+++',
    'title = "Thing"',
    'type = "not-a-trigger"',
    '+++',
    '',
    '### Trigger Specification',
    '',
    `This specification describes the \`${options.type ?? 'thing'}\` trigger.`,
    '',
    ...yaml,
    '',
    '**Parameter list:**',
    '',
    ...(options.parameters ?? []).map(name => `- \`${name}\` - Something.`),
    '',
    '### Authentication Parameters',
    '',
    ...(options.auth ?? []).map(name => `- \`${name}\` - A credential.`),
    '',
    options.extra ?? '',
  ].join('\n');
}

const thing: ScalerDefinition = {
  type: 'thing',
  title: 'Thing',
  category: 'Messaging',
  description: 'A test scaler.',
  docsUrl: 'https://keda.sh/docs/2.21/scalers/thing/',
  podIdentityProviders: [],
  parameters: [
    {
      name: 'queueName',
      description: 'Queue.',
      required: true,
      kind: 'string',
      sources: ['metadata'],
      secret: false,
    },
    {
      name: 'host',
      description: 'Host.',
      required: false,
      kind: 'url',
      sources: ['metadata', 'env'],
      secret: false,
    },
    {
      name: 'password',
      description: 'Password.',
      required: false,
      kind: 'string',
      sources: ['authentication'],
      secret: true,
    },
    {
      name: 'tokenFromEnv',
      description: 'Literally named so.',
      required: false,
      kind: 'string',
      sources: ['metadata'],
      secret: false,
    },
  ],
};

describe('parseScalerPage', () => {
  it('reads the trigger type and the documented names', () => {
    const parsed = parseScalerPage({
      fileName: 'thing.md',
      text: page({
        type: 'thing',
        metadata: ['queueName: orders # the queue', 'hostFromEnv: HOST'],
        parameters: ['queueName', 'host'],
        auth: ['password'],
      }),
    });
    expect(parsed).toEqual({
      page: 'thing.md',
      triggerTypes: ['thing'],
      parameters: ['queueName', 'hostFromEnv', 'host', 'password'],
    });
  });

  it('ignores type keys inside metadata and in Kubernetes objects', () => {
    const text = [
      '### Trigger Specification',
      `${FENCE}yaml`,
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledObject',
      'metadata:',
      '  name: app',
      'spec:',
      '  triggers:',
      '  - metadata:',
      '      query: "sum(x)"',
      '      type: global # an old metadata key',
      '    type: datadog',
      '    metricType: Value',
      FENCE,
    ].join('\n');
    const parsed = parseScalerPage({ fileName: 'datadog.md', text });
    expect(parsed.triggerTypes).toEqual(['datadog']);
    expect(parsed.parameters).toEqual(['query', 'type']);
  });

  it('reads several trigger types and keys written with a space before the colon', () => {
    const text = [
      '## Trigger Specification',
      `${FENCE}yaml`,
      'triggers:',
      '  - type: "one"',
      '    metadata:',
      '      caCert : /path',
      "  - type: 'two'",
      '    metadata:',
      '      query.A: a',
      FENCE,
    ].join('\n');
    const parsed = parseScalerPage({ fileName: 'x.md', text });
    expect(parsed.triggerTypes).toEqual(['one', 'two']);
    expect(parsed.parameters).toEqual(['caCert', 'query.A']);
  });

  it('skips examples, nested items, dotted names and other sections', () => {
    const text = page({
      type: 'thing',
      parameters: ['queueName'],
      auth: ['podIdentity.provider'],
      extra: [
        '- `nested` is not here',
        '  - `QueueLength` - a value, not a parameter',
        '### Example',
        `${FENCE}yaml`,
        'triggers:',
        '- type: other',
        '  metadata:',
        '    exampleOnly: x',
        FENCE,
        '- `fromExample` - not a parameter',
        '### How it works',
        '- `internal` - not a parameter',
      ].join('\n'),
    });
    const parsed = parseScalerPage({ fileName: 'thing.md', text });
    expect(parsed.triggerTypes).toEqual(['thing']);
    expect(parsed.parameters).toEqual(['queueName', 'nested']);
  });

  it('falls back to the first sentence when the specification has no YAML', () => {
    const parsed = parseScalerPage({
      fileName: 'mysql.md',
      text: page({ parameters: ['query'] }).replace('`thing`', '`mysql`'),
    });
    expect(parsed.triggerTypes).toEqual(['mysql']);
    expect(parsed.parameters).toEqual(['query']);
  });

  it('reads YAML inside a block quote or an indented fence', () => {
    const text = [
      '### Trigger Specification',
      `> ${FENCE}yaml`,
      '> triggers:',
      '> - type: quoted',
      '>   metadata:',
      '>     a: "1"',
      `> ${FENCE}`,
      `  ${FENCE}yaml`,
      '  triggers:',
      '  - type: indented',
      '    metadata:',
      '      b: "2"',
      `  ${FENCE}`,
    ].join('\n');
    const parsed = parseScalerPage({ fileName: 'x.md', text });
    expect(parsed.triggerTypes).toEqual(['quoted', 'indented']);
    expect(parsed.parameters).toEqual(['a', 'b']);
  });
});

describe('checkCatalog', () => {
  it('reports nothing when the catalog has everything', () => {
    const text = page({
      type: 'thing',
      metadata: ['queueName: q', 'hostFromEnv: HOST', 'tokenFromEnv: T'],
      parameters: ['queueName', 'host'],
      auth: ['password'],
    });
    expect(checkCatalog([{ fileName: 'thing.md', text }], [thing])).toEqual({
      missing: [],
    });
  });

  it('reports a trigger type the catalog lacks, once, without its parameters', () => {
    const text = page({
      type: 'unknown',
      metadata: ['a: b'],
      parameters: ['a'],
    });
    expect(checkCatalog([{ fileName: 'unknown.md', text }], [thing])).toEqual({
      missing: [{ page: 'unknown.md', triggerType: 'unknown' }],
    });
  });

  it('reports each parameter the catalog lacks', () => {
    const text = page({
      type: 'thing',
      metadata: ['queueName: q', 'newKey: x'],
      parameters: ['queueName', 'newKey', 'other'],
      auth: ['password', 'apiKey'],
    });
    expect(
      checkCatalog([{ fileName: 'thing.md', text }], [thing]).missing,
    ).toEqual([
      { page: 'thing.md', triggerType: 'thing', parameter: 'newKey' },
      { page: 'thing.md', triggerType: 'thing', parameter: 'other' },
      { page: 'thing.md', triggerType: 'thing', parameter: 'apiKey' },
    ]);
  });

  it('accepts <name>FromEnv only when <name> may come from env', () => {
    const text = page({
      type: 'thing',
      parameters: ['hostFromEnv', 'passwordFromEnv', 'queueNameFromEnv'],
    });
    expect(
      checkCatalog([{ fileName: 'thing.md', text }], [thing]).missing.map(
        m => m.parameter,
      ),
    ).toEqual(['passwordFromEnv', 'queueNameFromEnv']);
  });

  it('finds a type through its aliases', () => {
    const text = page({ type: 'old-thing', parameters: ['queueName'] });
    const aliased = { ...thing, aliases: ['old-thing'] };
    expect(
      checkCatalog([{ fileName: 'old.md', text }], [aliased]).missing,
    ).toEqual([]);
  });

  it('agrees with the real catalog on pages generated from it', () => {
    const pages = scalerCatalog.map(definition => ({
      fileName: `${definition.type}.md`,
      text: page({
        type: definition.type,
        metadata: definition.parameters
          .filter(p => p.sources.includes('metadata'))
          .map(p => `${p.name.replace('*', 'A')}: x`),
        parameters: definition.parameters
          .filter(p => p.sources.includes('env'))
          .map(p => `${p.name}FromEnv`),
        auth: definition.parameters
          .filter(p => p.sources.includes('authentication'))
          .map(p => p.name),
      }),
    }));
    expect(checkCatalog(pages, scalerCatalog).missing).toEqual([]);

    const withoutRedis = scalerCatalog.filter(d => d.type !== 'redis');
    expect(checkCatalog(pages, withoutRedis).missing).toEqual([
      { page: 'redis.md', triggerType: 'redis' },
    ]);
  });
});
