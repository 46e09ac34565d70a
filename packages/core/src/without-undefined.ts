type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/**
 * Drops keys whose value is `undefined`, so normalizers can write `{ a: x?.a }` and still
 * produce objects where an unknown field is absent (`exactOptionalPropertyTypes`).
 */
export function withoutUndefined<T extends object>(record: T): Partial<Defined<T>> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = (record as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<Defined<T>>;
}
