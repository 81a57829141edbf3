/**
 * Remembers a pure function's results by key, in a bounded map that is emptied when it reaches `limit`
 * entries: for per-customer values that requests recompute over and over.
 */
export const memoized = <V>(limit: number, compute: (key: string) => V): ((key: string) => V) => {
  const known = new Map<string, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= limit) known.clear();
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
};
