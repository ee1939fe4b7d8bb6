import { Fragment, ReactNode } from 'react';

/**
 * Where a long value may wrap: after whitespace, PromQL and URL punctuation
 * (`sum(rate(x{app="a",b="c"}[1m]))`, `http://host:9090/path`) and between
 * the words of a CamelCase reason (`KEDAScalerFailed`).
 */
const BREAK_AFTER = /(?<=[\s,({[=|&/;+*<>:])(?![/=])|(?<=[a-z])(?=[A-Z])/;

/** Longer pieces may break anywhere rather than run out of their column. */
const KEEP_WHOLE_UP_TO = 40;

/**
 * A long value with `<wbr>` break opportunities at sensible points, so a
 * table column wraps there instead of in the middle of a name. Browsers also
 * break after a hyphen, which splits `orders-api`; a piece with a hyphen is
 * kept on one line. The cell's `overflow-wrap: break-word` remains the last
 * resort. The text content is unchanged.
 */
export function breakable(value: string): ReactNode {
  const parts = value.split(BREAK_AFTER);
  if (parts.length === 1 && !value.includes('-')) return value;
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part.includes('-') && part.length <= KEEP_WHOLE_UP_TO ? (
        <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
      ) : (
        part
      )}
    </Fragment>
  ));
}
