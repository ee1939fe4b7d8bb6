import type {
  ManifestProblem,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { ChangeGuardrails } from '../../api';
import { TriggerEditor } from '../TriggerEditor';
import { fieldOf } from './intent';

/** The platform's limits on triggers, in words, under the editor. */
export function guardrailLines(
  g: ChangeGuardrails | undefined,
  isJob: boolean,
): string[] {
  if (!g) return [];
  const lines: string[] = [];
  if (g.allowedTriggerTypes?.length) {
    lines.push(
      `Trigger types allowed here: ${g.allowedTriggerTypes.join(', ')}.`,
    );
  }
  if (g.deniedTriggerTypes?.length) {
    lines.push(
      `Trigger types not allowed here: ${g.deniedTriggerTypes.join(', ')}.`,
    );
  }
  if (g.minPollingInterval !== undefined) {
    lines.push(`Polling interval at least ${g.minPollingInterval} s.`);
  }
  if (g.fallbackRequiredFor === 'external' && !isJob) {
    lines.push(
      'Triggers that read an outside source (anything but cpu, memory and cron) need a fallback here.',
    );
  }
  return lines;
}

/** The trigger editor and the guardrails that apply to triggers. */
export function TriggersSection(props: {
  intent: ScalingIntent;
  update(next: ScalingIntent): void;
  problems: ManifestProblem[];
  guardrails?: ChangeGuardrails;
  isJob: boolean;
  disabled: boolean;
}) {
  const { intent, update } = props;
  return (
    <>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Triggers
      </Typography>
      <TriggerEditor
        value={intent.triggers}
        onChange={triggers => update({ ...intent, triggers })}
        namespace={intent.namespace}
        kind={intent.kind}
        problems={props.problems.filter(p => fieldOf(p) === 'triggers')}
        disabled={props.disabled}
      />
      {guardrailLines(props.guardrails, props.isJob).map(line => (
        <FormHelperText key={line}>{line}</FormHelperText>
      ))}
    </>
  );
}
