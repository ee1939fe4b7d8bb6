/**
 * Field paths as people write them: `spec.triggers[0].metadata.lagThreshold`,
 * with keys that are not plain words in brackets
 * (`metadata.labels['backstage.io/kubernetes-id']`).
 */

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Joins segments into a readable path. */
export function formatPath(segments: ReadonlyArray<PathSegment>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (PLAIN_KEY.test(segment)) {
      out += out ? `.${segment}` : segment;
    } else {
      out += `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
    }
  }
  return out;
}

/** Segments of a JSON pointer (`/spec/triggers/0`), as ajv reports them. */
export function pointerSegments(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(part => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}
