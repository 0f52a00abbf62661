import { useEffect, useRef } from 'react';
import { AreaSeries, ColorType, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';

export interface ValuePoint {
  time: number;
  value: string;
}

/** Points for the chart: seconds, strictly increasing (the chart refuses equal times; the later point wins). */
export function chartPoints(points: ValuePoint[]): Array<{ time: UTCTimestamp; value: number }> {
  const bySecond = new Map<number, number>();
  for (const point of points) {
    bySecond.set(Math.floor(point.time / 1000), Number(point.value));
  }
  return [...bySecond.entries()].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value }));
}

/** Total value over time as a lightweight-charts area (floats only as chart coordinates). */
export function ValueChart({ points, label }: { points: ValuePoint[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Area'> | null>(null);

  useEffect(() => {
    if (!host.current) {
      return;
    }
    const styles = getComputedStyle(document.documentElement);
    const color = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
    const created = createChart(host.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: color('--muted', '#a3acb9') },
      grid: { vertLines: { color: color('--border', '#2b3139') }, horzLines: { color: color('--border', '#2b3139') } },
      rightPriceScale: { borderColor: color('--border', '#2b3139') },
      timeScale: { borderColor: color('--border', '#2b3139'), timeVisible: true },
      handleScroll: false,
      handleScale: false,
    });
    const accent = color('--accent', '#f0b90b');
    series.current = created.addSeries(AreaSeries, {
      lineColor: accent,
      topColor: 'rgba(240, 185, 11, 0.35)',
      bottomColor: 'rgba(240, 185, 11, 0.02)',
      lineWidth: 2,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    chart.current = created;
    return () => {
      created.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    series.current?.setData(chartPoints(points));
    chart.current?.timeScale().fitContent();
  }, [points]);

  return <div ref={host} className="value-chart" role="img" aria-label={label} />;
}
