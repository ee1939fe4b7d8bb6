/**
 * Small formatting helpers for the diagnosis sentences. Deterministic: times
 * are shown in UTC.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `HH:MM` in UTC. When `now` is given and the time falls on another UTC day,
 * the date is added: `23:55 on 2026-08-19`. Returns `undefined` for an
 * unreadable time.
 *
 * @public
 */
export function formatClock(
  time: string | Date | undefined,
  now?: Date,
): string | undefined {
  if (time === undefined) return undefined;
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) return undefined;
  const clock = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  if (!now || Number.isNaN(now.getTime())) return clock;
  const day = date.toISOString().slice(0, 10);
  return day === now.toISOString().slice(0, 10) ? clock : `${clock} on ${day}`;
}

/** `1 replica`, `3 replicas`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
