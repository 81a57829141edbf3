/** Counts arrivals and lets a test wait for the n-th without polling or sleeping. */
interface Arrivals {
  readonly count: () => number;
  bump(): void;
  readonly arrived: (count: number) => Promise<void>;
}

export const arrivals = (): Arrivals => {
  let n = 0;
  let waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  return {
    count: () => n,
    bump() {
      n++;
      const due = waiters.filter((w) => w.count <= n);
      waiters = waiters.filter((w) => w.count > n);
      for (const w of due) w.resolve();
    },
    arrived(count) {
      if (count <= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
};
