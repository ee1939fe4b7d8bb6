/**
 * Kubernetes label selectors as Backstage's `backstage.io/kubernetes-label-selector`
 * annotation carries them: `a=b,c!=d,e in (f,g),h notin (i),j,!k`.
 *
 * @public
 */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

/**
 * Parses a selector; throws with the offending part when it is malformed.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts
    .map(p => p.trim())
    .filter(Boolean)
    .map(part => {
      let m = part.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
      if (m) {
        return {
          key: m[1],
          op: m[2] as 'in' | 'notin',
          values: m[3]
            .split(',')
            .map(v => v.trim())
            .filter(Boolean),
        };
      }
      m = part.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/);
      if (m) {
        return {
          key: m[1],
          op: m[2] === '!=' ? 'notin' : 'in',
          values: [m[3]],
        };
      }
      m = part.match(/^(!?)([\w./-]+)$/);
      if (m) {
        return { key: m[2], op: m[1] ? 'doesnotexist' : 'exists' };
      }
      throw new Error(`invalid label selector part '${part}' in '${selector}'`);
    });
}

/** @public */
export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> = {},
): boolean {
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]);
      default:
        return false;
    }
  });
}
