import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp } from '@backstage/test-utils';
import type { TriggerIntent } from '@keda-portal/plugin-keda-common';
import { fireEvent, screen } from '@testing-library/react';
import { KedaReplicaCountField } from './KedaReplicaCountField';
import { KedaTriggersField } from './KedaTriggersField';
import type {
  KedaReplicaCountUiOptions,
  KedaTriggersUiOptions,
} from './validation';

type TriggersProps = FieldExtensionComponentProps<
  TriggerIntent[],
  KedaTriggersUiOptions
>;

function triggersProps(overrides: Partial<TriggersProps>): TriggersProps {
  return {
    onChange: jest.fn(),
    schema: { title: 'Event sources', description: 'What drives scaling.' },
    uiSchema: { 'ui:options': { namespaceField: 'namespace' } },
    rawErrors: [],
    required: true,
    disabled: false,
    readonly: false,
    formContext: { formData: { namespace: 'orders' } },
    idSchema: { $id: 'root_triggers' },
    ...overrides,
  } as unknown as TriggersProps;
}

describe('KedaTriggersField', () => {
  // The first render of the test app: over 5 s at load average 16.
  it('edits the triggers, with the namespace taken from another field', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <KedaTriggersField
        {...triggersProps({
          onChange,
          formData: [
            {
              // password is a required secret: a Secret reference row.
              type: 'activemq',
              metadata: {
                managementEndpoint: 'activemq.orders:8161',
                destinationName: 'mails',
                brokerName: 'broker',
              },
            },
          ],
        })}
      />,
    );
    expect(screen.getByText('Event sources')).toBeInTheDocument();
    expect(screen.getByText('What drives scaling.')).toBeInTheDocument();
    expect(screen.getByText(/in namespace orders/)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/^password: Secret name/), {
      target: { value: 'amq' },
    });
    expect(onChange).toHaveBeenLastCalledWith([
      expect.objectContaining({
        authentication: {
          secretRefs: [{ parameter: 'password', secretName: 'amq', key: '' }],
        },
      }),
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove trigger 1' }));
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  }, 30_000);

  it('shows every problem once the form was submitted with errors', async () => {
    await renderInTestApp(
      <KedaTriggersField
        {...triggersProps({
          formData: [{ type: 'cron', metadata: {} }],
          rawErrors: ['Trigger 1 (cron), start: the cron trigger needs start.'],
        })}
      />,
    );
    // The form lists the validation function's summary; the field shows each
    // problem under its own input, untouched or not.
    expect(
      screen.queryByText(
        'Trigger 1 (cron), start: the cron trigger needs start.',
      ),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/^the cron trigger needs start\./),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^the cron trigger needs end\./),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^the cron trigger needs desiredReplicas\./),
    ).toBeInTheDocument();
  });
});

describe('KedaReplicaCountField', () => {
  it('reports numbers and shows the errors of its validation', async () => {
    const onChange = jest.fn();
    const props = {
      onChange,
      formData: 3,
      schema: { title: 'Maximum replicas' },
      uiSchema: { 'ui:options': { bound: 'max', minField: 'min' } },
      rawErrors: ['minReplicaCount (5) must not be above maxReplicaCount (3).'],
      idSchema: { $id: 'root_max' },
    } as unknown as FieldExtensionComponentProps<
      number,
      KedaReplicaCountUiOptions
    >;
    await renderInTestApp(<KedaReplicaCountField {...props} />);
    const field = screen.getByLabelText('Maximum replicas');
    expect(field).toHaveValue(3);
    // Marked invalid; the form's field template prints the message once.
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(
      screen.queryByText(/must not be above maxReplicaCount/),
    ).not.toBeInTheDocument();
    fireEvent.change(field, { target: { value: '12' } });
    expect(onChange).toHaveBeenLastCalledWith(12);
    fireEvent.change(field, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });
});
