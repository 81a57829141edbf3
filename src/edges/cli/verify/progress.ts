/**
 * Progress on stderr for long verifications: a redrawn bar on a terminal, otherwise a plain line at
 * every 10%. Throttled so rendering never costs measurable verification time.
 */
interface ProgressSink {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

interface Progress {
  update(done: number): void;
  end(): void;
}

const WIDTH = 30;

/** What is counted: the bar's unit, and the plain line written at every 10%. */
interface ProgressWords {
  readonly unit: string;
  line(done: number, total: number): string;
}

const RECEIPT_SIGNATURES: ProgressWords = {
  unit: 'receipts',
  line: (done, total) => `verified ${done}/${total} receipt signatures`,
};

export const createProgress = (
  sink: ProgressSink,
  total: number,
  now: () => number = () => performance.now(),
  words: ProgressWords = RECEIPT_SIGNATURES,
): Progress => {
  const started = now();
  let lastDraw = -Infinity;
  let lastDecile = 0;
  let drawn = false;
  const rate = (done: number): string => {
    const secs = (now() - started) / 1000;
    return secs > 0 ? `${Math.round(done / secs).toLocaleString('en-US')}/s` : '';
  };
  const bar = (done: number): string => {
    const filled = Math.round((WIDTH * done) / total);
    const pct = Math.floor((100 * done) / total);
    return `\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(pct).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${words.unit} ${rate(done)}  `;
  };
  return {
    update(done) {
      if (total === 0) return;
      if (sink.isTTY === true) {
        const t = now();
        if (t - lastDraw < 100 && done < total) return;
        lastDraw = t;
        drawn = true;
        sink.write(bar(done));
        return;
      }
      const decile = Math.floor((10 * done) / total);
      if (decile > lastDecile) {
        lastDecile = decile;
        sink.write(`${words.line(done, total)} (${decile * 10}%)\n`);
      }
    },
    end() {
      if (drawn) sink.write('\n');
    },
  };
};
