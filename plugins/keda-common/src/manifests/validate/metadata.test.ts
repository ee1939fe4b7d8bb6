import { checkRule, type Rule } from './__testUtils__/rules';

describe('metadata rules', () => {
  it.each<Rule>([
    {
      rule: 'names: namespace is a DNS label',
      pass: { namespace: 'shop-eu' },
      fail: { namespace: 'Shop.EU' },
      path: 'metadata.namespace',
      message: /lower-case/,
    },
    {
      rule: 'names: object name is a DNS subdomain',
      pass: { name: 'web.v2' },
      fail: { name: 'Web_V2' },
      path: 'metadata.name',
      message: /lower-case/,
    },
    {
      rule: 'names: kubernetes-id is a label value',
      pass: { kubernetesId: 'Web_Service.v2' },
      fail: { kubernetesId: 'web service' },
      path: "metadata.labels['backstage.io/kubernetes-id']",
      message: /label value/,
    },
    {
      rule: 'names: kubernetes-id is required',
      pass: { kubernetesId: 'web' },
      fail: { kubernetesId: '' },
      path: "metadata.labels['backstage.io/kubernetes-id']",
      message: /is required/,
    },
    {
      rule: 'pause replicas is a whole number',
      pass: { pause: { replicas: 0 } },
      fail: { pause: { replicas: -2 } },
      path: "metadata.annotations['autoscaling.keda.sh/paused-replicas']",
      message: /whole number/,
    },
  ])('$rule', rule => checkRule(rule));
});
