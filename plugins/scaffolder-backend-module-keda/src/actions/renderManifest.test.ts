import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createRenderManifestAction } from './renderManifest';

describe('keda:manifest:render', () => {
  let workspacePath: string;
  beforeEach(() => {
    workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'keda-render-'));
  });
  afterEach(() => fs.rmSync(workspacePath, { recursive: true, force: true }));

  const input = {
    name: 'orders-consumer',
    namespace: 'orders',
    kubernetesId: 'orders-consumer',
    scaleTarget: { name: 'orders-consumer' },
    minReplicaCount: 0,
    maxReplicaCount: 30,
    triggers: [
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka.orders:9092',
          consumerGroup: 'orders-consumer',
          topic: 'orders',
        },
      },
    ],
  };

  it('writes a ScaledObject into the workspace', async () => {
    const action = createRenderManifestAction();
    const ctx = createMockActionContext({
      input: { ...input, targetPath: 'deploy/keda/scaledobject.yaml' },
      workspacePath,
    });
    await action.handler(ctx as any);

    const file = path.join(workspacePath, 'deploy/keda/scaledobject.yaml');
    const doc = parse(fs.readFileSync(file, 'utf8'));
    expect(doc.kind).toBe('ScaledObject');
    expect(doc.metadata.labels['backstage.io/kubernetes-id']).toBe(
      'orders-consumer',
    );
    expect(doc.spec.maxReplicaCount).toBe(30);
    expect(ctx.output).toHaveBeenCalledWith(
      'filePath',
      'deploy/keda/scaledobject.yaml',
    );
  });

  it('rejects a bad intent, naming the field, and writes nothing', async () => {
    const action = createRenderManifestAction();
    const ctx = createMockActionContext({
      input: { ...input, minReplicaCount: 40 },
      workspacePath,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /minReplicaCount \(40\) must not be above maxReplicaCount \(30\)/,
    );
    expect(fs.readdirSync(workspacePath)).toEqual([]);
  });

  it('rejects a secret written into the trigger metadata', async () => {
    const action = createRenderManifestAction();
    const ctx = createMockActionContext({
      input: {
        ...input,
        triggers: [
          {
            type: 'kafka',
            metadata: { ...input.triggers[0].metadata, password: 'hunter2' },
          },
        ],
      },
      workspacePath,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /spec\.triggers\[0\]\.metadata\.password: password is a secret/,
    );
    expect(fs.readdirSync(workspacePath)).toEqual([]);
  });

  it('refuses to write outside the workspace', async () => {
    const action = createRenderManifestAction();
    const ctx = createMockActionContext({
      input: { ...input, targetPath: '../escape.yaml' },
      workspacePath,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow();
    expect(fs.existsSync(path.join(workspacePath, '..', 'escape.yaml'))).toBe(
      false,
    );
  });
});
