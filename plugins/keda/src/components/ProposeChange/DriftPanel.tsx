import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { DriftSummary } from './drift';

/**
 * A warning that Git and the cluster disagree, showing both, and what the
 * proposal does to the triggers that run now.
 */
export function DriftPanel(props: {
  drift?: DriftSummary;
  /** e.g. "Merging replaces the rabbitmq trigger with cron." */
  replaced?: string;
}) {
  const { drift, replaced } = props;
  if (!drift && !replaced) return null;
  return (
    <Alert severity="warning" data-testid="drift" style={{ marginBottom: 16 }}>
      {drift && <AlertTitle>{drift.title}</AlertTitle>}
      {drift && (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {drift.git && (
            <li>
              <strong>Git:</strong> {drift.git}
            </li>
          )}
          <li>
            <strong>Cluster:</strong> {drift.cluster}
          </li>
          {drift.differences.map(d => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {replaced && (
        <div style={{ marginTop: drift ? 8 : 0 }}>
          <strong>{replaced}</strong>
        </div>
      )}
    </Alert>
  );
}
