/** Parses a JSON column, falling back when an older row holds nothing usable. */
export function parseJsonColumn<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
