import { compactTriggers } from './compact';
import { validateIntent } from './validate';

describe('compactTriggers', () => {
  const cron = {
    type: 'cron',
    metadata: {
      timezone: 'Europe/Amsterdam',
      start: '0 8 * * *',
      end: '0 18 * * *',
      desiredReplicas: '3',
    },
  };

  it('drops an authentication a form left empty, which validation would refuse', () => {
    const filled = [{ ...cron, authentication: { secretRefs: [] } }];
    const intent = {
      name: 'w',
      namespace: 'n',
      kubernetesId: 'w',
      scaleTarget: { name: 'w' },
      triggers: filled,
    };
    expect(validateIntent(intent).map(p => p.path)).toEqual([
      'spec.triggers[0].authenticationRef',
    ]);
    expect(compactTriggers(filled)).toEqual([cron]);
    expect(
      validateIntent({ ...intent, triggers: compactTriggers(filled) }),
    ).toEqual([]);
  });

  it('keeps an authentication that names or creates something', () => {
    const named = [{ ...cron, authentication: { name: 'existing' } }];
    const refs = [
      {
        ...cron,
        authentication: {
          secretRefs: [{ parameter: 'host', secretName: 's', key: 'k' }],
        },
      },
    ];
    expect(compactTriggers(named)).toEqual(named);
    expect(compactTriggers(refs)).toEqual(refs);
  });
});
