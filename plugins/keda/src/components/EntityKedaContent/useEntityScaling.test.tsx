import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { EntityScalingResponse } from '@keda-portal/plugin-keda-common';
import { act, screen, waitFor } from '@testing-library/react';
import { KedaApi, kedaApiRef } from '../../api';
import { useEntityScaling } from './useEntityScaling';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};
const CHANNEL = 'keda:scaling:component:default/orders-api';

/** A signal API the test drives: `send` delivers a message to subscribers. */
function fakeSignals() {
  const subscribers = new Map<string, Set<(m: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as (m: any) => void);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as (m: any) => void) };
    },
  };
  const send = (channel: string) =>
    act(() => {
      subscribers
        .get(channel)
        ?.forEach(f => f({ type: 'scaling-changed', entityRef: channel }));
    });
  return { api, send };
}

/**
 * A scaling API whose answers the test releases one by one, counting calls.
 */
function controlledScaling() {
  const waiting: Array<() => void> = [];
  let calls = 0;
  const api: Partial<KedaApi> = {
    getScaling: () => {
      calls += 1;
      const n = calls;
      return new Promise<EntityScalingResponse>(resolve =>
        waiting.push(() =>
          resolve({
            entityRef: 'component:default/orders-api',
            generatedAt: `2026-12-01T10:00:${String(n).padStart(2, '0')}Z`,
            clusters: [],
          }),
        ),
      );
    },
  };
  return {
    api,
    calls: () => calls,
    /** Answers every request under way. */
    release: () =>
      act(async () => {
        waiting.splice(0).forEach(f => f());
      }),
  };
}

function Probe() {
  const { value, loading } = useEntityScaling();
  return (
    <div data-testid="probe">
      {loading ? 'loading' : 'idle'} {value?.generatedAt ?? 'none'}
    </div>
  );
}

async function render() {
  const signals = fakeSignals();
  const scaling = controlledScaling();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kedaApiRef, scaling.api],
        [signalApiRef, signals.api],
      ]}
    >
      <EntityProvider entity={entity}>
        <Probe />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { signals, scaling };
}

const settle = () =>
  act(async () => {
    await new Promise(r => setTimeout(r, 300));
  });

describe('useEntityScaling', () => {
  it('fetches once per signal and not again until the next one', async () => {
    const { signals, scaling } = await render();
    expect(scaling.calls()).toBe(1);
    await scaling.release();
    await waitFor(() =>
      expect(screen.getByTestId('probe')).toHaveTextContent(
        'idle 2026-12-01T10:00:01Z',
      ),
    );

    signals.send(CHANNEL);
    await waitFor(() => expect(scaling.calls()).toBe(2));
    await scaling.release();
    await waitFor(() =>
      expect(screen.getByTestId('probe')).toHaveTextContent(
        'idle 2026-12-01T10:00:02Z',
      ),
    );
    // Quiet now: no signal, no request (the old hook looped here).
    for (let i = 0; i < 5; i++) {
      await scaling.release();
      await settle();
    }
    expect(scaling.calls()).toBe(2);

    signals.send(CHANNEL);
    await waitFor(() => expect(scaling.calls()).toBe(3));
    await scaling.release();
    await settle();
    expect(scaling.calls()).toBe(3);
  });

  it('coalesces signals that arrive during a fetch into one more fetch', async () => {
    const { signals, scaling } = await render();
    expect(scaling.calls()).toBe(1);
    // Three signals while the first fetch is under way.
    signals.send(CHANNEL);
    signals.send(CHANNEL);
    signals.send(CHANNEL);
    await settle();
    expect(scaling.calls()).toBe(1);
    await scaling.release();
    await waitFor(() => expect(scaling.calls()).toBe(2));
    await scaling.release();
    for (let i = 0; i < 3; i++) {
      await scaling.release();
      await settle();
    }
    expect(scaling.calls()).toBe(2);
    expect(screen.getByTestId('probe')).toHaveTextContent(
      'idle 2026-12-01T10:00:02Z',
    );
  });

  it('ignores signals for other entities', async () => {
    const { signals, scaling } = await render();
    await scaling.release();
    signals.send('keda:scaling:component:default/email-worker');
    await settle();
    expect(scaling.calls()).toBe(1);
  });
});
