import { ANNOTATION_KUBERNETES_ID } from '../../annotations';
import { validateManifests } from './index';

const metadata = {
  name: 'w',
  namespace: 'ns',
  labels: { [ANNOTATION_KUBERNETES_ID]: 'w' },
};
const cron = {
  type: 'cron',
  metadata: {
    timezone: 'Etc/UTC',
    start: '0 8 * * *',
    end: '0 18 * * *',
    desiredReplicas: '3',
  },
};

function scaledJob(edit: (spec: any) => void) {
  const spec: any = {
    jobTargetRef: {
      template: { spec: { containers: [{ name: 'w', image: 'busybox' }] } },
    },
    triggers: [cron],
  };
  edit(spec);
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledJob',
    metadata,
    spec,
  };
}

function triggerAuthentication(spec: object) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata,
    spec,
  };
}

function scaledObject(advanced: object) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata,
    spec: { scaleTargetRef: { name: 'w' }, advanced, triggers: [cron] },
  };
}

const vault = {
  address: 'https://vault:8200',
  authentication: 'kubernetes',
  role: 'r',
  mount: 'kubernetes',
  credential: { serviceAccount: '/var/run/token' },
  secrets: [{ parameter: 'p', key: 'k', path: 'secret/p' }],
};

/** What the API server rejects and the validator accepted before it checked KEDA's CRD schema. */
describe("KEDA's CRD schema (strict field validation)", () => {
  it.each([
    [
      'an unknown field in jobTargetRef',
      scaledJob(s => (s.jobTargetRef.paralelism = 2)),
      'spec.jobTargetRef.paralelism',
      /is not a field of spec\.jobTargetRef/,
      'Remove it, or did you mean parallelism?',
    ],
    [
      'an unknown field in the pod template',
      scaledJob(s => (s.jobTargetRef.template.spec.restartPolicyy = 'Never')),
      'spec.jobTargetRef.template.spec.restartPolicyy',
      /is not a field of/,
      'Remove it, or did you mean restartPolicy?',
    ],
    [
      'an unknown field in a container',
      scaledJob(
        s => (s.jobTargetRef.template.spec.containers[0].commands = ['x']),
      ),
      'spec.jobTargetRef.template.spec.containers[0].commands',
      /is not a field of/,
      'Remove it, or did you mean command?',
    ],
    [
      'an unknown field in rollout',
      scaledJob(s => (s.rollout = { strategy: 'gradual', propagation: 'x' })),
      'spec.rollout.propagation',
      /is not a field of spec\.rollout/,
      'Remove it, or did you mean propagationPolicy?',
    ],
    [
      'an unknown field in hashiCorpVault',
      triggerAuthentication({ hashiCorpVault: { ...vault, adress: 'x' } }),
      'spec.hashiCorpVault.adress',
      /is not a field of spec\.hashiCorpVault/,
      'Remove it, or did you mean address?',
    ],
    [
      'an unknown field in oauth2',
      triggerAuthentication({
        oauth2: {
          type: 'clientCredentials',
          clientId: 'c',
          tokenUrl: 'https://t',
          scope: ['a'],
        },
      }),
      'spec.oauth2.scope',
      /is not a field of spec\.oauth2/,
      'Remove it, or did you mean scopes?',
    ],
    [
      'an unknown field in boundServiceAccountToken',
      triggerAuthentication({
        boundServiceAccountToken: [
          { parameter: 'token', serviceAccount: 'sa' },
        ],
      }),
      'spec.boundServiceAccountToken[0].serviceAccount',
      /is not a field of spec\.boundServiceAccountToken\[0\]/,
      'Remove it, or did you mean serviceAccountName?',
    ],
    [
      'hashiCorpVault.authentication outside its enum',
      triggerAuthentication({
        hashiCorpVault: { ...vault, authentication: 'approle' },
      }),
      'spec.hashiCorpVault.authentication',
      /"approle" is not allowed/,
      'Use one of: token, kubernetes.',
    ],
    [
      'hashiCorpVault.secrets[].type outside its enum',
      triggerAuthentication({
        hashiCorpVault: {
          ...vault,
          secrets: [{ ...vault.secrets[0], type: 'kv' }],
        },
      }),
      'spec.hashiCorpVault.secrets[0].type',
      /"kv" is not allowed/,
      'Use one of: , secretV2, secret, pki.',
    ],
    [
      'HPA tolerance as a YAML number',
      scaledObject({
        horizontalPodAutoscalerConfig: {
          behavior: { scaleDown: { tolerance: 0.05 } },
        },
      }),
      'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.tolerance',
      /must be a whole number or a string, got 0\.05/,
      "Write a whole number, or quote it: '0.05'.",
    ],
  ])('rejects %s', (_, manifest, path, message, fix) => {
    const problems = validateManifests([manifest]);
    const hit = problems.find(p => p.path === path);
    expect({ hit, problems }).toEqual({
      hit: expect.objectContaining({
        message: expect.stringMatching(message),
        fix,
      }),
      problems: expect.anything(),
    });
  });

  it('accepts what the schema allows: tolerance as a quoted quantity, a null field, defaults', () => {
    expect(
      validateManifests([
        scaledObject({
          horizontalPodAutoscalerConfig: {
            behavior: { scaleDown: { tolerance: '0.05' } },
          },
          restoreToOriginalReplicaCount: null,
          scalingModifiers: {},
        }),
        triggerAuthentication({
          oauth2: { clientId: 'c', tokenUrl: 'https://login.example.com/t' },
        }),
      ]),
    ).toEqual([]);
  });

  it('rejects an unknown field of metadata and at the top', () => {
    const manifest = {
      ...scaledObject({}),
      metadata: { ...metadata, label: { a: 'b' } },
      specs: {},
    };
    expect(validateManifests([manifest]).map(p => p.path)).toEqual([
      'metadata.label',
      'specs',
    ]);
  });
});
