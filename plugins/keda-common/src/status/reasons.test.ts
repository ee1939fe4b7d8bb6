import {
  explainCondition,
  explainHpaReason,
  knownConditionReasons,
} from './reasons';
import { formatClock } from './format';

describe('condition explanations', () => {
  it('cover every ScaledObject reason of KEDA', () => {
    const reasons = knownConditionReasons('ScaledObject').map(
      r => `${r.type}/${r.reason}`,
    );
    expect(reasons.sort()).toEqual(
      [
        'Ready/ScaledObjectReady',
        'Ready/ScaledObjectCheckFailed',
        'Ready/TriggerError',
        'Ready/ErrorGettingCurrentReplicas',
        'Ready/PartialTriggerError',
        'Active/ScalerActive',
        'Active/ScalerNotActive',
        'Active/ScalerCooldown',
        'Active/UnknownState',
        'Fallback/FallbackExists',
        'Fallback/NoFallbackFound',
        'Paused/ScaledObjectPaused',
        'Paused/ScaledObjectUnpaused',
        'HPAActive/HPAActive',
        'HPAActive/ScalingDisabled',
        'HPAActive/HPAMetricsUnavailable',
      ].sort(),
    );
    expect(explainHpaReason('FailedGetExternalMetric')).toMatch(
      /external metric/,
    );
  });

  it('cover every ScaledJob reason of KEDA', () => {
    const reasons = knownConditionReasons('ScaledJob').map(
      r => `${r.type}/${r.reason}`,
    );
    expect(reasons).toEqual(
      expect.arrayContaining([
        'Ready/ScaledJobReady',
        'Ready/ScaledJobCheckFailed',
        'Ready/TriggerError',
        'Ready/PartialTriggerError',
        'Active/ScalerActive',
        'Active/ScalerNotActive',
        'Paused/ScaledJobPaused',
        'Paused/ScaledJobUnpaused',
      ]),
    );
  });

  it('explains ScaledJob reasons in ScaledJob terms', () => {
    expect(
      explainCondition('ScaledJob', 'Ready', 'False', 'TriggerError'),
    ).toMatch(/Jobs/);
    expect(
      explainCondition('ScaledObject', 'Ready', 'False', 'TriggerError'),
    ).not.toMatch(/Jobs/);
  });

  it('has a sentence for unknown reasons', () => {
    expect(
      explainCondition('ScaledObject', 'Ready', 'False', 'SomethingNew'),
    ).toBe('Ready is False (SomethingNew).');
    expect(
      explainCondition('ScaledObject', 'HPAActive', 'False', 'FailedGetScale'),
    ).toMatch(/could not read the \/scale subresource/);
    expect(
      explainCondition('ScaledObject', 'HPAActive', 'False', 'BrandNewReason'),
    ).toBe(
      'The HPA cannot compute a replica count (BrandNewReason); the replica count stays where it is.',
    );
    expect(explainCondition('ScaledObject', 'Ready', 'Unknown')).toMatch(
      /not decided Ready yet/,
    );
  });
});

describe('formatClock', () => {
  it('HH:MM in UTC', () => {
    expect(formatClock('2026-08-21T12:03:27Z')).toBe('12:03');
    expect(formatClock('2026-08-21T14:03:27+02:00')).toBe('12:03');
  });

  it('adds the date on another day than now', () => {
    const now = new Date('2026-08-22T00:10:00Z');
    expect(formatClock('2026-08-21T23:55:00Z', now)).toBe(
      '23:55 on 2026-08-21',
    );
    expect(formatClock('2026-08-22T00:01:00Z', now)).toBe('00:01');
  });

  it('nothing for unreadable times', () => {
    expect(formatClock('yesterday')).toBeUndefined();
    expect(formatClock(undefined)).toBeUndefined();
  });
});
