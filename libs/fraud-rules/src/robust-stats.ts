/** Robust statistics over small samples: median and MAD resist the occasional big purchase that would drag a mean. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation from the median. */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/**
 * How many robust standard deviations `value` lies above the sample, on a log scale (amounts are
 * multiplicative: 5 → 50 is as surprising as 50 → 500). 1.4826·MAD estimates σ for normal data; the
 * spread has a floor so a customer who always pays the same amount is not flagged for a small change.
 */
export function robustLogZ(value: number, samples: readonly number[], minLogSpread: number): number {
  const logs = samples.map((s) => Math.log(Math.max(1, s)));
  const center = median(logs);
  const spread = Math.max(1.4826 * mad(logs), minLogSpread);
  return (Math.log(Math.max(1, value)) - center) / spread;
}
