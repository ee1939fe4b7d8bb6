import { Fragment, ReactNode } from 'react';

/**
 * Where a long value may wrap: after PromQL and URL punctuation
 * (`sum(rate(x{app="a",b="c"}[1m]))`, `http://host:9090/path`) and between
 * the words of a CamelCase reason (`KEDAScalerFailed`).
 */
const BREAK_AFTER = /(?<=[,({[=|&/;+*<>:])(?![/=])|(?<=[a-z])(?=[A-Z])/;

/**
 * A long value with `<wbr>` break opportunities at sensible points, so a
 * table column wraps there instead of in the middle of a name (the cell's
 * `overflow-wrap: break-word` remains the last resort). The text content
 * is unchanged.
 */
export function breakable(value: string): ReactNode {
  const parts = value.split(BREAK_AFTER);
  if (parts.length === 1) return value;
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}
