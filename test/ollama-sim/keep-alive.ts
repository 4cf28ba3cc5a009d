/**
 * `keep_alive` as Ollama reads it (api.Duration.UnmarshalJSON): a number is
 * seconds, a string is a Go duration ("5m", "1h30m", "-1m"); negative means
 * forever. A numeric string such as "3600" is rejected like Go's parser does.
 */

export type KeepAlive = { readonly kind: 'ms'; readonly ms: number } | { readonly kind: 'forever' };

export const DEFAULT_KEEP_ALIVE: KeepAlive = { kind: 'ms', ms: 5 * 60_000 };

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Returns the keep-alive, or the Go error text for a bad value. */
export function parseKeepAlive(value: unknown): KeepAlive | { readonly kind: 'error'; readonly message: string } {
  if (value === undefined || value === null) return DEFAULT_KEEP_ALIVE;
  if (typeof value === 'number') return value < 0 ? { kind: 'forever' } : { kind: 'ms', ms: value * 1000 };
  if (typeof value !== 'string') return { kind: 'error', message: 'json: cannot unmarshal keep_alive' };
  const ms = parseGoDuration(value);
  if (typeof ms === 'string') return { kind: 'error', message: ms };
  return ms < 0 ? { kind: 'forever' } : { kind: 'ms', ms };
}

/** time.ParseDuration: milliseconds, or the error message. */
export function parseGoDuration(text: string): number | string {
  const quoted = `"${text}"`;
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return `time: invalid duration ${quoted}`;
  let total = 0;
  while (rest.length > 0) {
    const num = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (!num) return `time: invalid duration ${quoted}`;
    rest = rest.slice(num[0].length);
    const unit = /^[^\d.]+/.exec(rest);
    if (!unit) return `time: missing unit in duration ${quoted}`;
    const factor = UNIT_MS[unit[0]];
    if (factor === undefined) return `time: unknown unit "${unit[0]}" in duration ${quoted}`;
    total += Number(num[0]) * factor;
    rest = rest.slice(unit[0].length);
  }
  return sign * total;
}
