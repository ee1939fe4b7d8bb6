import { renderInTestApp } from '@backstage/test-utils';
import type { TriggerIntent } from '@keda-portal/plugin-keda-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { TriggerEditor, type TriggerEditorProps } from './TriggerEditor';

/** The editor with its value kept in state, reporting every change. */
function Harness(
  props: Omit<TriggerEditorProps, 'value' | 'onChange'> & {
    initial?: TriggerIntent[];
    onValue?(value: TriggerIntent[]): void;
  },
) {
  const { initial, onValue, ...rest } = props;
  const [value, setValue] = useState<TriggerIntent[]>(initial ?? []);
  return (
    <TriggerEditor
      {...rest}
      value={value}
      onChange={next => {
        setValue(next);
        onValue?.(next);
      }}
    />
  );
}

async function renderEditor(
  props: Parameters<typeof Harness>[0] = {},
): Promise<jest.Mock> {
  const onValue = jest.fn();
  await renderInTestApp(<Harness onValue={onValue} {...props} />);
  return onValue;
}

/** The last value the editor reported. */
function lastValue(onValue: jest.Mock): TriggerIntent[] {
  return onValue.mock.calls[onValue.mock.calls.length - 1][0];
}

function input(label: string | RegExp): HTMLInputElement {
  return screen.getByLabelText(label) as HTMLInputElement;
}

async function chooseType(search: string, option: string) {
  const box = screen.getByLabelText(/^Add (a|another) trigger$/);
  fireEvent.change(box, { target: { value: search } });
  fireEvent.click(await screen.findByText(option));
}

describe('TriggerEditor', () => {
  // Renders the whole type list (80 types); over 5 s on a loaded machine.
  it('finds a trigger type by search, grouped by category, and generates its form', async () => {
    const onValue = await renderEditor({ namespace: 'orders' });

    const box = screen.getByLabelText('Add a trigger');
    fireEvent.change(box, { target: { value: 'queue' } });
    const listbox = await screen.findByRole('listbox');
    // Grouped by the catalog's categories.
    expect(within(listbox).getByText('Messaging')).toBeInTheDocument();
    expect(within(listbox).getByText('RabbitMQ Queue')).toBeInTheDocument();

    fireEvent.change(box, { target: { value: 'kafka' } });
    fireEvent.click(await screen.findByText('Apache Kafka'));

    expect(lastValue(onValue)).toEqual([{ type: 'kafka', metadata: {} }]);
    expect(
      screen.getByRole('heading', { name: 'Trigger 1: Apache Kafka' }),
    ).toBeInTheDocument();
    // Required parameters come first, without a click.
    expect(input(/^bootstrapServers/)).toBeRequired();
    expect(input(/^consumerGroup/)).toBeRequired();
    // Optional ones are behind "more", with their defaults.
    expect(screen.queryByLabelText(/^lagThreshold/)).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /More options/ }));
    expect(input(/^lagThreshold/)).toHaveAttribute('placeholder', '10');
    expect(screen.getByText(/Default: 10\./)).toBeInTheDocument();
    // Enums are selects that name the default.
    const policy = input(/^offsetResetPolicy/);
    expect(policy.tagName).toBe('SELECT');
    expect(
      within(policy as unknown as HTMLElement).getByRole('option', {
        name: 'Default (latest)',
      }),
    ).toBeInTheDocument();
    // Booleans are switches.
    expect(input('allowIdleConsumers')).toHaveAttribute('type', 'checkbox');

    fireEvent.change(input(/^bootstrapServers/), {
      target: { value: 'kafka.orders:9092' },
    });
    fireEvent.change(input(/^lagThreshold/), { target: { value: '50' } });
    fireEvent.click(input('allowIdleConsumers'));
    fireEvent.change(policy, { target: { value: 'earliest' } });
    expect(lastValue(onValue)).toEqual([
      {
        type: 'kafka',
        metadata: {
          bootstrapServers: 'kafka.orders:9092',
          lagThreshold: '50',
          allowIdleConsumers: 'true',
          offsetResetPolicy: 'earliest',
        },
      },
    ]);
  }, 30_000);

  it('captures secret parameters as Secret references, never as values', async () => {
    const onValue = await renderEditor({ namespace: 'mail' });
    await chooseType('activemq', 'ActiveMQ');

    // password is a required secret: no input takes its value, only Secret
    // name and key.
    expect(screen.queryByLabelText(/^password\s*\*?$/)).not.toBeInTheDocument();
    fireEvent.change(input(/^password: Secret name/), {
      target: { value: 'activemq' },
    });
    fireEvent.change(input(/^password: key/), {
      target: { value: 'password' },
    });
    expect(screen.getByText(/in namespace mail/)).toBeInTheDocument();
    expect(lastValue(onValue)[0].authentication).toEqual({
      secretRefs: [
        { parameter: 'password', secretName: 'activemq', key: 'password' },
      ],
    });
  });

  it('takes a rabbitmq host as a value and optional secrets on demand', async () => {
    const onValue = await renderEditor({ namespace: 'mail' });
    await chooseType('rabbit', 'RabbitMQ Queue');

    // KEDA reads host from the metadata first: a plain, required field.
    fireEvent.change(input(/^host/), {
      target: { value: 'amqp://rabbitmq.mail:5672' },
    });
    expect(input(/^host/)).toBeRequired();

    // Optional secrets are added on demand.
    for (const parameter of ['password', 'key']) {
      fireEvent.change(input('Add a value from a Secret'), {
        target: { value: parameter },
      });
      fireEvent.change(input(new RegExp(`^${parameter}: Secret name`)), {
        target: { value: 'rabbitmq-conn' },
      });
      fireEvent.change(input(new RegExp(`^${parameter}: key`)), {
        target: { value: parameter },
      });
    }
    expect(lastValue(onValue)[0].metadata?.host).toBe(
      'amqp://rabbitmq.mail:5672',
    );
    expect(lastValue(onValue)[0].authentication).toEqual({
      secretRefs: [
        { parameter: 'password', secretName: 'rabbitmq-conn', key: 'password' },
        { parameter: 'key', secretName: 'rabbitmq-conn', key: 'key' },
      ],
    });

    fireEvent.click(
      screen.getByRole('button', {
        name: 'Remove the Secret reference of password',
      }),
    );
    expect(lastValue(onValue)[0].authentication?.secretRefs).toHaveLength(1);
  });

  it('shows the domain core’s problems under the fields they are about', async () => {
    await renderEditor({
      initial: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'kafka:9092',
            consumerGroup: 'orders',
            lagThreshold: 'ten',
            lagTreshold: '5',
          },
        },
        {
          type: 'rabbitmq',
          metadata: {
            queueName: 'mails',
            mode: 'QueueLength',
            value: '20',
            host: 'amqp://user:hunter2@rabbitmq:5672',
          },
        },
      ],
    });

    // A value of the wrong kind, shown without opening "more".
    expect(
      screen.getByText(/must be a whole number, got 'ten'/),
    ).toBeInTheDocument();
    expect(input(/^lagThreshold/)).toHaveAttribute('aria-invalid', 'true');
    // An unknown parameter.
    expect(
      screen.getByText(/is not a parameter of the kafka trigger/),
    ).toBeInTheDocument();
    // A password pasted into a URL.
    expect(
      screen.getByText(/host holds a password in its URL/),
    ).toBeInTheDocument();
  });

  it('refuses a secret typed into a free metadata key', async () => {
    await renderEditor({
      initial: [
        {
          type: 'rabbitmq',
          metadata: { queueName: 'mails', mode: 'QueueLength', value: '20' },
          authentication: {
            secretRefs: [{ parameter: 'host', secretName: 'rmq', key: 'url' }],
          },
        },
      ],
    });
    expect(screen.queryByText(/is a secret/)).not.toBeInTheDocument();
    fireEvent.change(input('Key'), { target: { value: 'password' } });
    fireEvent.change(input('Value'), { target: { value: 'hunter2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add key' }));
    expect(
      await screen.findByText(/password is a secret and must not be written/),
    ).toBeInTheDocument();
  });

  it('reports a missing required parameter once the field is left, and a bad cron at once', async () => {
    await renderEditor();
    await chooseType('cron', 'Cron');
    expect(screen.queryByText(/needs start/)).not.toBeInTheDocument();
    fireEvent.blur(input(/^start/));
    expect(
      await screen.findByText(/the cron trigger needs start/),
    ).toBeInTheDocument();
    fireEvent.change(input(/^end/), { target: { value: '0 8 * *' } });
    expect(input(/^end/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Write five fields/)).toBeInTheDocument();
  });

  it('shows problems handed in from outside, and adds and removes triggers', async () => {
    const onValue = await renderEditor({
      initial: [{ type: 'cpu', metricType: 'Utilization', metadata: {} }],
      problems: [
        {
          path: 'spec.triggers[0].metadata.value',
          message:
            'spec.triggers[0].metadata.value: the cpu trigger needs value',
          fix: 'Add value to the metadata.',
        },
      ],
    });
    expect(
      screen.getByText(/the cpu trigger needs value\. Add value/),
    ).toBeInTheDocument();

    await chooseType('memory', 'Memory');
    expect(lastValue(onValue).map(t => t.type)).toEqual(['cpu', 'memory']);
    expect(lastValue(onValue)[1].metricType).toBe('Utilization');

    fireEvent.click(screen.getByRole('button', { name: 'Remove trigger 1' }));
    expect(lastValue(onValue).map(t => t.type)).toEqual(['memory']);
    expect(
      screen.getByRole('heading', { name: 'Trigger 1: Memory' }),
    ).toBeInTheDocument();
  });

  it('sets an optional trigger name', async () => {
    const onValue = await renderEditor({
      initial: [{ type: 'cron', metadata: {} }],
    });
    fireEvent.change(input('Trigger name (optional)'), {
      target: { value: 'office-hours' },
    });
    expect(lastValue(onValue)[0].name).toBe('office-hours');
  });
});
