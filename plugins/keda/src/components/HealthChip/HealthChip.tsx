import type { ScalingHealth } from '@keda-portal/plugin-keda-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const colors: Record<ScalingHealth, { bg: string; fg: string; label: string }> =
  {
    ok: { bg: '#e3f4e6', fg: '#1b5e20', label: 'Healthy' },
    degraded: { bg: '#fff4d6', fg: '#7a4f01', label: 'Degraded' },
    failing: { bg: '#fde3e1', fg: '#a3160c', label: 'Failing' },
    paused: { bg: '#e8eaf6', fg: '#283593', label: 'Paused' },
    idle: { bg: '#eceff1', fg: '#37474f', label: 'Idle' },
  };

const useStyles = makeStyles({ chip: { fontWeight: 600 } });

/** The health of a scaled workload as a coloured chip. */
export function HealthChip({ health }: { health: ScalingHealth }) {
  const classes = useStyles();
  const c = colors[health];
  return (
    <Chip
      size="small"
      className={classes.chip}
      label={c.label}
      style={{ backgroundColor: c.bg, color: c.fg }}
      data-testid={`health-${health}`}
    />
  );
}

export const healthLabel = (health: ScalingHealth) => colors[health].label;
