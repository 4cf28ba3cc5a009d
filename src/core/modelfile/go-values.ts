/**
 * How Ollama's client reads PARAMETER and REQUIRES values: Go's strconv
 * (ParseInt base 10 into int64, ParseFloat into float32, ParseBool) and
 * golang.org/x/mod/semver, so a value is refused here exactly when
 * `ollama create` would refuse it.
 */

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

export function goParseInt(value: string): boolean {
  if (!/^[+-]?\d+$/.test(value)) return false;
  const n = BigInt(value);
  return n >= INT64_MIN && n <= INT64_MAX;
}

const FLOAT32_MAX = 3.4028234663852886e38;
const decimalFloat = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*|\d(?:_?\d)*\.)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const hexFloat = /^[+-]?0[xX](?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+)[pP][+-]?\d+$/;
const special = /^[+-]?(?:inf|infinity|nan)$/i;

export function goParseFloat32(value: string): boolean {
  if (special.test(value)) return true;
  if (hexFloat.test(value)) return true;
  // Underscores are only allowed with a base prefix.
  if (!decimalFloat.test(value) || value.includes('_')) return false;
  return Math.abs(Number(value)) <= FLOAT32_MAX;
}

const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

export function goParseBool(value: string): boolean {
  return BOOLS.has(value);
}

const num = '(?:0|[1-9]\\d*)';
const preIdent = '(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)';
const semver = new RegExp(`^v${num}(?:\\.${num}(?:\\.${num}(?:-${preIdent}(?:\\.${preIdent})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?)?$`);

/** REQUIRES: Ollama adds the `v` semver.IsValid needs when it is missing. */
export function validRequires(value: string): boolean {
  return semver.test(value.startsWith('v') ? value : `v${value}`);
}
