/**
 * The `default:` of a switch over a union: the compiler rejects the call when a
 * case is missing, and a value the types did not foresee (bad JSON) fails loudly.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
