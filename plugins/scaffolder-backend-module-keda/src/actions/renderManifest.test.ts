import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  BAD_INTENTS,
  domainMessage,
  KAFKA_INTENT,
} from '../__testUtils__/intents';
import { outputsOf } from '../__testUtils__/outputs';
import { createRenderManifestAction } from './renderManifest';

describe('keda:manifest:render', () => {
  let workspacePath: string;
  beforeEach(() => {
    workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-render-'));
  });
  afterEach(() => fs.rmSync(workspacePath, { recursive: true, force: true }));

  function context(input: Record<string, unknown>, isDryRun = false) {
    return {
      ...createMockActionContext({ input: input as any, workspacePath }),
      isDryRun,
    };
  }

  it('writes the ScaledObject and its TriggerAuthentication into the workspace', async () => {
    const ctx = context({
      intent: KAFKA_INTENT,
      targetPath: 'deploy/keda/manifests.yaml',
    });
    await createRenderManifestAction().handler(ctx as any);

    const text = fs.readFileSync(
      path.join(workspacePath, 'deploy/keda/manifests.yaml'),
      'utf8',
    );
    const docs = parseAllDocuments(text).map(d => d.toJS());
    expect(docs.map(d => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ScaledObject/orders-consumer',
      'TriggerAuthentication/orders-consumer-kafka-auth',
    ]);
    expect(docs[0].metadata.labels['backstage.io/kubernetes-id']).toBe(
      'orders-consumer',
    );
    expect(docs[0].spec.maxReplicaCount).toBe(30);
    // KEDA reads metadata as strings; the number from the form is quoted.
    expect(docs[0].spec.triggers[0].metadata.lagThreshold).toBe('50');
    expect(docs[1].spec.secretTargetRef).toContainEqual({
      parameter: 'password',
      name: 'kafka-credentials',
      key: 'password',
    });
    expect(text).not.toContain('hunter2');

    const out = outputsOf(ctx);
    expect(out.filePath).toBe('deploy/keda/manifests.yaml');
    expect(out.yaml).toBe(text);
    expect(out.manifests).toEqual([
      'ScaledObject/orders-consumer',
      'TriggerAuthentication/orders-consumer-kafka-auth',
    ]);
    // The intent output is plain JSON the propose step can take as it is.
    expect(out.intent).toEqual(JSON.parse(JSON.stringify(out.intent)));
    expect(out.intent.triggers[0].authentication.secretRefs).toHaveLength(3);
  });

  it('writes nothing in a dry run and still outputs the YAML', async () => {
    const ctx = context({ intent: KAFKA_INTENT }, true);
    await createRenderManifestAction().handler(ctx as any);

    expect(fs.readdirSync(workspacePath)).toEqual([]);
    const out = outputsOf(ctx);
    expect(out.filePath).toBe('scaledobject.yaml');
    expect(parse(out.yaml.split('\n---\n')[0]).kind).toBe('ScaledObject');
  });

  it('names a ScaledJob file after its kind', async () => {
    const ctx = context({
      intent: {
        kind: 'ScaledJob',
        name: 'nightly-report',
        namespace: 'analytics',
        kubernetesId: 'nightly-report',
        jobTemplate: {
          containers: [{ name: 'report', image: 'example/report:1' }],
        },
        maxReplicaCount: 1,
        triggers: [
          {
            type: 'cron',
            metadata: {
              timezone: 'Europe/Amsterdam',
              start: '0 2 * * *',
              end: '0 4 * * *',
              desiredReplicas: '1',
            },
          },
        ],
      },
    });
    await createRenderManifestAction().handler(ctx as any);
    expect(
      parse(fs.readFileSync(path.join(workspacePath, 'scaledjob.yaml'), 'utf8'))
        .kind,
    ).toBe('ScaledJob');
  });

  it('takes authenticationRef as the name of an existing TriggerAuthentication', async () => {
    const ctx = context(
      {
        intent: {
          ...KAFKA_INTENT,
          triggers: [
            {
              type: 'kafka',
              metadata: KAFKA_INTENT.triggers[0].metadata,
              authenticationRef: 'kafka-auth',
            },
          ],
        },
      },
      true,
    );
    await createRenderManifestAction().handler(ctx as any);
    const so = parse(outputsOf(ctx).yaml);
    expect(so.spec.triggers[0].authenticationRef).toEqual({
      name: 'kafka-auth',
    });
  });

  it.each(BAD_INTENTS)(
    'refuses %s with the domain core message naming the field, writing nothing',
    async (_, intent) => {
      const expected = domainMessage(intent);
      for (const isDryRun of [false, true]) {
        const ctx = context({ intent }, isDryRun);
        await expect(
          createRenderManifestAction().handler(ctx as any),
        ).rejects.toThrow(
          expect.objectContaining({ name: 'InputError', message: expected }),
        );
        expect(fs.readdirSync(workspacePath)).toEqual([]);
        expect(ctx.output).not.toHaveBeenCalled();
      }
    },
  );

  it('lists every problem when there are several', async () => {
    const ctx = context({
      intent: { ...KAFKA_INTENT, minReplicaCount: 40, namespace: 'Shop' },
    });
    const error = await createRenderManifestAction()
      .handler(ctx as any)
      .catch(e => e);
    expect(error.message).toMatch(
      /^The scaling intent has \d+ problems: \(1\)/,
    );
    expect(error.message).toContain(
      'spec.minReplicaCount: minReplicaCount (40) must not be above maxReplicaCount (30)',
    );
    expect(error.message).toContain('metadata.namespace');
  });

  it('refuses to write outside the workspace, also in a dry run', async () => {
    for (const isDryRun of [false, true]) {
      const ctx = context(
        { intent: KAFKA_INTENT, targetPath: '../escape.yaml' },
        isDryRun,
      );
      await expect(
        createRenderManifestAction().handler(ctx as any),
      ).rejects.toThrow(/outside/);
    }
    expect(fs.existsSync(path.join(workspacePath, '..', 'escape.yaml'))).toBe(
      false,
    );
  });

  it.each([
    ['left out', undefined],
    ['empty', ''],
  ])(
    'refuses a namespace %s with a message naming the form field, not a schema path',
    async (_what, namespace) => {
      const ctx = context({ intent: { ...KAFKA_INTENT, namespace } });
      await expect(
        createRenderManifestAction().handler(ctx as any),
      ).rejects.toThrow(
        "Namespace is empty: enter the Kubernetes namespace of the workload in the form's Namespace field (intent.namespace), or add the backstage.io/kubernetes-namespace annotation to the component",
      );
    },
  );

  it('describes its inputs and outputs and gives examples that render', async () => {
    const action = createRenderManifestAction();
    const input = action.schema?.input as any;
    expect(input.required).toEqual(['intent']);
    expect(input.properties.intent.description).toMatch(/scaling intent/);
    expect(input.properties.intent.required).toEqual(
      expect.arrayContaining(['name', 'triggers']),
    );
    expect(input.properties.targetPath.description).toBeTruthy();
    const output = action.schema?.output as any;
    for (const key of ['filePath', 'yaml', 'manifests', 'intent']) {
      expect(output.properties[key].description).toBeTruthy();
    }
    expect(action.supportsDryRun).toBe(true);
    expect(action.examples?.length).toBeGreaterThanOrEqual(2);
    for (const example of action.examples ?? []) {
      const [step] = parse(example.example).steps;
      const ctx = context(step.input, true);
      await action.handler(ctx as any);
      expect(outputsOf(ctx).yaml).toContain('kind: Scaled');
    }
  });
});
