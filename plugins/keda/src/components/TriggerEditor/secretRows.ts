import type {
  ScalerParameter,
  SecretRefIntent,
} from '@keda-portal/plugin-keda-common';
import type { ParameterLayout } from './parameters';

/** One row of the Secret section: a parameter and its Secret reference. */
export interface SecretRow {
  key: string;
  /** The parameter the row supplies. */
  parameter: string;
  /** Index in `secretRefs`, when the row is backed by one. */
  index?: number;
  param?: ScalerParameter;
  /** Required or an alternative: always shown. */
  primary: boolean;
}

/**
 * The rows to show: required ones (and alternatives) always, the others
 * when a reference to them exists; keys stay stable while typing. `addable`
 * are the optional secret parameters without a row yet.
 */
export function secretRows(
  layout: ParameterLayout,
  refs: SecretRefIntent[],
): { rows: SecretRow[]; addable: ScalerParameter[] } {
  const known = [...layout.secretMain, ...layout.secretMore];
  const rows: SecretRow[] = layout.secretMain.map(param => {
    const index = refs.findIndex(r => r?.parameter === param.name);
    return {
      key: `p-${param.name}`,
      parameter: param.name,
      index: index >= 0 ? index : undefined,
      param,
      primary: true,
    };
  });
  refs.forEach((ref, index) => {
    if (rows.some(r => r.index === index)) return;
    const parameter = typeof ref?.parameter === 'string' ? ref.parameter : '';
    const taken = rows.some(r => r.parameter === parameter);
    rows.push({
      key: taken ? `r-${index}` : `p-${parameter}`,
      parameter,
      index,
      param: known.find(p => p.name === parameter),
      primary: false,
    });
  });
  const addable = layout.secretMore.filter(
    p => !rows.some(r => r.parameter === p.name),
  );
  return { rows, addable };
}

/** `refs` with a row's reference changed (or added, or dropped). */
export function patchSecretRef(
  refs: SecretRefIntent[],
  row: SecretRow,
  patch: Partial<SecretRefIntent>,
): SecretRefIntent[] {
  const next = [...refs];
  if (row.index === undefined) {
    next.push({ parameter: row.parameter, secretName: '', key: '', ...patch });
  } else {
    next[row.index] = { ...next[row.index], ...patch };
    const ref = next[row.index];
    // A required row that is emptied goes back to "not given yet".
    if (row.primary && !ref.secretName && !ref.key) {
      next.splice(row.index, 1);
    }
  }
  return next;
}
