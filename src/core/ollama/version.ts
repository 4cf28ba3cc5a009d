/**
 * Ollama version strings ("0.6.4", "0.12.4-rc1", "0.0.0" for dev builds), compared
 * for the feature gates of docs/reference/ollama-api.md section 14.
 */

function parts(version: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

/**
 * Pre-releases count as their release: v0.12.4-rc1 already has what v0.12.4 has.
 * A source build reports 0.0.0 and is usually built from main, so it counts as newest.
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = parts(version);
  if (a.every((n) => n === 0)) return true;
  const b = parts(minimum);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}
