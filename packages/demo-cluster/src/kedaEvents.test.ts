import { scaledJobNotes, scaledObjectNotes } from './kedaEvents';
import { SimulatedState } from './simulation';

const state = (over: Partial<SimulatedState> = {}): SimulatedState => ({
  value: 10,
  active: true,
  failing: false,
  failures: 0,
  replicas: 2,
  desired: 2,
  fallback: false,
  ...over,
});

const so = {
  metadata: { name: 'orders', namespace: 'shop' },
  spec: { scaleTargetRef: { name: 'orders' }, triggers: [{ type: 'kafka' }] },
};
const reasons = (notes: Array<[string, string, string, string]>) =>
  notes.map(([, reason]) => reason);

describe('the events the demo KEDA records', () => {
  it('starts a ScaledObject with the scalers watch and Ready', () => {
    expect(reasons(scaledObjectNotes(so, undefined, state(), 0))).toEqual([
      'KEDAScalersStarted',
      'ScaledObjectReady',
    ]);
  });

  it('records a failure, the fallback and the way back, in KEDA order', () => {
    const failing = state({ failing: true, fallback: true, failures: 3 });
    const notes = scaledObjectNotes(so, state(), failing, 2);
    expect(reasons(notes)).toEqual([
      'KEDAScalerFailed',
      'ScaledObjectFallbackActivated',
    ]);
    expect(notes[0][0]).toBe('Warning');
    expect(notes[1][3]).toBe(
      'Fallback activated: serving 2 replicas after 3 failed polls',
    );
    expect(reasons(scaledObjectNotes(so, failing, state(), 2))).toEqual([
      'ScaledObjectFallbackDeactivated',
      'ScaledObjectReady',
    ]);
  });

  it('records activation from 0 and deactivation to 0', () => {
    const [activated] = scaledObjectNotes(so, state(), state(), 0);
    expect(activated[3]).toBe(
      'Scaled apps/v1.Deployment shop/orders from 0 to 2, triggered by kafka',
    );
    const [deactivated] = scaledObjectNotes(
      so,
      state(),
      state({ replicas: 0 }),
      3,
    );
    expect(deactivated[3]).toBe(
      'Deactivated apps/v1.Deployment shop/orders from 3 to 0',
    );
    expect(scaledObjectNotes(so, state(), state(), 2)).toEqual([]);
  });

  it('records a ScaledJob becoming ready, then jobs created on activation', () => {
    expect(reasons(scaledJobNotes(undefined, false))).toEqual([
      'ScaledJobReady',
    ]);
    expect(reasons(scaledJobNotes(state({ active: false }), true))).toEqual([
      'KEDAJobsCreated',
    ]);
    expect(scaledJobNotes(state({ active: true }), true)).toEqual([]);
  });
});
