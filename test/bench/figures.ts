/** One printed benchmark figure. Benchmarks print; tests never assert wall times. */
export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  /** Target or context, e.g. "target ≤ 5 µs". */
  note?: string;
}

/** Median and 99th percentile of a sample (sorted in place). */
export function percentiles(samples: number[]): { median: number; p99: number; max: number } {
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { median: at(0.5), p99: at(0.99), max: samples[samples.length - 1] ?? NaN };
}

/**
 * Times `fn` over every input, one sample per call, in microseconds. Warms up first so the
 * JIT has compiled the path being measured. process.hrtime.bigint() has ns resolution.
 */
export function timeEach<T>(
  inputs: readonly T[],
  fn: (input: T) => unknown,
  warmup = 2000,
): number[] {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) fn(inputs[i] as T);
  const samples = new Array<number>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const start = process.hrtime.bigint();
    fn(inputs[i] as T);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return samples;
}
