/** A small SVG line of closing prices; green when the last is at or above the first. */
export function Sparkline({ values, width = 120, height = 32, label }: { values: number[]; width?: number; height?: number; label: string }) {
  if (values.length < 2) {
    return <svg width={width} height={height} role="img" aria-label={`${label}: no trades yet`} />;
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map((v, i) => `${((i / (values.length - 1)) * width).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`)
    .join(' ');
  const rising = values[values.length - 1] >= values[0];
  return (
    <svg width={width} height={height} role="img" aria-label={`${label}: ${rising ? 'rising' : 'falling'}`}>
      <polyline points={points} fill="none" stroke={rising ? 'var(--buy)' : 'var(--sell)'} strokeWidth="1.5" />
    </svg>
  );
}
