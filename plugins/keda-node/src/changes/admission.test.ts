import { checkAdmissionRules } from '@keda-portal/plugin-keda-common';
import { workloadsInFiles } from './admission';

describe('workloadsInFiles', () => {
  it("reads a new component's Deployment from its files, in the change's namespace", () => {
    const files = [
      { path: 'README.md', content: 'kind: Deployment' },
      {
        path: 'deployment.yaml',
        content: `apiVersion: v1
kind: Service
metadata: { name: orders }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders }
spec:
  template:
    spec:
      containers:
        - name: app
          image: example/orders:1
`,
      },
      { path: 'broken.yaml', content: 'kind: [' },
    ];
    const workloads = workloadsInFiles(files, 'shop');
    expect(workloads).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        metadata: { name: 'orders', namespace: 'shop' },
      }),
    ]);
    // Its containers are known, so a missing request is found; without
    // LimitRanges it stays a warning.
    const check = checkAdmissionRules(
      [
        {
          kind: 'ScaledObject',
          metadata: { name: 'orders', namespace: 'shop' },
          spec: {
            scaleTargetRef: { name: 'orders' },
            minReplicaCount: 1,
            triggers: [{ type: 'cpu', metadata: { value: '50' } }],
          },
        },
      ],
      { scaledObjects: [], hpas: [], workloads },
    );
    expect(check.errors).toEqual([]);
    expect(check.warnings.map(w => w.message)).toEqual([
      "spec.triggers[0].type: the container 'app' of the Deployment 'orders' has no cpu request; KEDA refuses the cpu trigger unless a LimitRange of namespace shop gives containers a default cpu request, which the portal cannot see",
    ]);
  });
});
