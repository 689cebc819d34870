// Order statistics of a run's samples (nearest rank; NaN when there is none).

export function percentile(values, p) {
  const sorted = [...values].filter((v) => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
}

export function median(values) {
  return percentile(values, 0.5);
}
