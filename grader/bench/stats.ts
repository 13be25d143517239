// Summary statistics of repeated benchmark runs.

export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent: how far apart the runs were. */
  spreadPct: number;
}

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError("median of an empty list");
  }
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { runs: values.length, median: m, min, max, spreadPct: m === 0 ? 0 : ((max - min) / m) * 100 };
}
