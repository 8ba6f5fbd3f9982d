/** Small statistics for the benchmarks: medians and percentiles of repeated runs. */
export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/**
 * A seeded generator (mulberry32): the same bootstrap interval for the same samples, the same
 * soak for the same seed.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Ratio {
  /** median(a) / median(b) */
  value: number;
  /** 95% bootstrap confidence interval of that ratio (loads resampled on both sides). */
  lo: number;
  hi: number;
}

export function ratioWithCI(a: number[], b: number[], iterations = 4000): Ratio {
  const value = median(a) / median(b);
  const next = rng(a.length * 7919 + b.length);
  const pick = (xs: number[]) => Array.from(xs, () => xs[Math.floor(next() * xs.length)]!);
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) ratios.push(median(pick(a)) / median(pick(b)));
  return { value, lo: percentile(ratios, 2.5), hi: percentile(ratios, 97.5) };
}

/** "1.031 [0.987, 1.078], within noise" */
export function describeRatio(r: Ratio): string {
  const noise = r.lo <= 1 && r.hi >= 1 ? ', within noise' : '';
  return `${round(r.value, 3)} [${round(r.lo, 3)}, ${round(r.hi, 3)}]${noise}`;
}
