// Polling helpers: the e2e suite waits for what a user would see, never for fixed delays alone.

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with the first truthy value of `probe`, polled every `everyMs`; rejects naming
 * `what` and the last value seen when `timeoutMs` passes, so a failure says what was on screen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; everyMs?: number; describe?: () => unknown } = {},
): Promise<T> {
  const { timeoutMs = 20_000, everyMs = 100 } = options;
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > until) {
      const seen = options.describe ? ` (last seen: ${JSON.stringify(await options.describe())})` : '';
      const cause = lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}${cause}`);
    }
    await sleep(everyMs);
  }
}

/** Prints a measured figure in the one format the reports grep for. */
export function figure(name: string, value: number): void {
  console.log(`[figure] ${name}=${Math.round(value)}`);
}
