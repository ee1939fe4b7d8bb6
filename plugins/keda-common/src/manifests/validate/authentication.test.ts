import { prometheus, checkRule, type Rule } from './__testUtils__/rules';

describe('TriggerAuthentication rules', () => {
  it.each<Rule>([
    {
      rule: 'names: Secret name and key',
      pass: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              secretRefs: [
                {
                  parameter: 'bearerToken',
                  secretName: 'prom-token',
                  key: 'token.txt',
                },
              ],
            },
          },
        ],
      },
      fail: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              secretRefs: [
                {
                  parameter: 'bearerToken',
                  secretName: 'Prom Token',
                  key: 'token',
                },
              ],
            },
          },
        ],
      },
      path: 'spec.secretTargetRef[0].name',
      message: /Secret name/,
    },
    {
      rule: '13: identityId not empty',
      pass: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: { provider: 'azure-workload', identityId: 'abc' },
            },
          },
        ],
      },
      fail: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: { provider: 'azure-workload', identityId: '' },
            },
          },
        ],
      },
      path: 'spec.podIdentity.identityId',
      message: /empty string/,
    },
    {
      rule: '13: authorityHost needs tenant',
      pass: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: {
                provider: 'azure-workload',
                identityTenantId: 't',
                identityAuthorityHost: 'https://login',
              },
            },
          },
        ],
      },
      fail: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: {
                provider: 'azure-workload',
                identityAuthorityHost: 'https://login',
              },
            },
          },
        ],
      },
      path: 'spec.podIdentity.identityAuthorityHost',
      message: /needs identityTenantId/,
    },
    {
      rule: '13: roleArn only with identityOwner keda',
      pass: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: {
                provider: 'aws',
                roleArn: 'arn:aws:iam::1:role/x',
                identityOwner: 'keda',
              },
            },
          },
        ],
      },
      fail: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: {
                provider: 'aws',
                roleArn: 'arn:aws:iam::1:role/x',
                identityOwner: 'workload',
              },
            },
          },
        ],
      },
      path: 'spec.podIdentity.roleArn',
      message: /identityOwner is keda/,
    },
    {
      rule: '13: externalID needs roleArn',
      pass: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: {
                provider: 'aws',
                roleArn: 'arn:aws:iam::1:role/x',
                externalID: 'e',
              },
            },
          },
        ],
      },
      fail: {
        triggers: [
          {
            ...prometheus,
            authentication: {
              podIdentity: { provider: 'aws', externalID: 'e' },
            },
          },
        ],
      },
      path: 'spec.podIdentity.externalID',
      message: /needs roleArn/,
    },
  ])('$rule', rule => checkRule(rule));
});
