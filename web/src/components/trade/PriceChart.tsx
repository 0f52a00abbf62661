import { useEffect, useRef, useState } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
} from 'lightweight-charts';
import { loadKlines, type KlineRow, type SymbolRules } from '../../api/market';
import { useMarketStream } from '../../api/useStreams';
import { decimalsOf } from '../../lib/format';
import { ErrorText } from '../ui';
import { formatChartTime, formatTickMark, toChartTime } from './chartTime';

export const chartIntervals = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type ChartInterval = (typeof chartIntervals)[number];

interface KlineEvent {
  k: { t: number; o: string; h: string; l: string; c: string; v: string; x: boolean };
}

interface Bar {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

const upColor = '#0ecb81';
const downColor = '#f6465d';

// Chart coordinates are the one place amounts become floats: a pixel does not need decimal exactness.
function candleOf(bar: Bar) {
  return { time: toChartTime(bar.time), open: Number(bar.open), high: Number(bar.high), low: Number(bar.low), close: Number(bar.close) };
}

function volumeOf(bar: Bar) {
  const up = Number(bar.close) >= Number(bar.open);
  return { time: toChartTime(bar.time), value: Number(bar.volume), color: up ? 'rgba(14, 203, 129, 0.45)' : 'rgba(246, 70, 93, 0.45)' };
}

function barOfRow(row: KlineRow): Bar {
  return { time: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5] };
}

/**
 * Candles and volume of the market (lightweight-charts): history from /api/v3/klines, then live from
 * `<symbol>@kline_<interval>`, reloaded after a reconnect.
 */
export function PriceChart({ rules }: { rules: SymbolRules }) {
  const [interval, setChartInterval] = useState<ChartInterval>('15m');
  const [error, setError] = useState<unknown>(undefined);
  const [bars, setBars] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApi; candles: ISeriesApi<'Candlestick'>; volume: ISeriesApi<'Histogram'> } | null>(null);
  const lastTime = useRef(0);
  const generation = useRef(0);

  useEffect(() => {
    if (!container.current) {
      return;
    }
    const api = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: '#a3acb9', attributionLogo: false },
      grid: { vertLines: { color: 'rgba(43, 49, 57, 0.6)' }, horzLines: { color: 'rgba(43, 49, 57, 0.6)' } },
      rightPriceScale: { borderColor: '#2b3139' },
      // UTC seconds in, local time out (chartTime.ts).
      localization: { timeFormatter: formatChartTime },
      timeScale: { borderColor: '#2b3139', timeVisible: true, secondsVisible: false, barSpacing: 9, rightOffset: 4, tickMarkFormatter: formatTickMark },
      crosshair: { mode: 0 },
    });
    const decimals = decimalsOf(rules.tickSize);
    const candles = api.addSeries(CandlestickSeries, {
      upColor,
      downColor,
      wickUpColor: upColor,
      wickDownColor: downColor,
      borderVisible: false,
      priceFormat: { type: 'price', precision: decimals, minMove: Number(rules.tickSize) || 0.01 },
    });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });
    const volume = api.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume', lastValueVisible: false, priceLineVisible: false });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    chart.current = { api, candles, volume };
    return () => {
      chart.current = null;
      api.remove();
    };
  }, [rules.symbol, rules.tickSize]);

  const load = () => {
    const mine = ++generation.current;
    loadKlines(rules.symbol, interval, 500)
      .then((rows) => {
        if (mine !== generation.current || !chart.current) {
          return;
        }
        const history = rows.map(barOfRow);
        chart.current.candles.setData(history.map(candleOf));
        chart.current.volume.setData(history.map(volumeOf));
        lastTime.current = history.length > 0 ? history[history.length - 1].time : 0;
        setBars(history.length);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (mine === generation.current) {
          setError(e);
        }
      });
  };

  useEffect(load, [rules.symbol, interval]);

  useMarketStream<KlineEvent>(
    `${rules.symbol.toLowerCase()}@kline_${interval}`,
    ({ k }) => {
      if (!chart.current || k.t < lastTime.current) {
        return; // an older candle than the chart's last: the history already has it
      }
      const bar: Bar = { time: k.t, open: k.o, high: k.h, low: k.l, close: k.c, volume: k.v };
      chart.current.candles.update(candleOf(bar));
      chart.current.volume.update(volumeOf(bar));
      if (k.t > lastTime.current) {
        lastTime.current = k.t;
        setBars((n) => n + 1);
      }
    },
    load,
  );

  return (
    <section className="panel chart-panel" aria-label="Price chart">
      <header className="panel-header">
        <h2>Chart</h2>
        <div className="row intervals" role="group" aria-label="Candle interval">
          {chartIntervals.map((i) => (
            <button key={i} type="button" className="button subtle interval" aria-pressed={i === interval} onClick={() => setChartInterval(i)}>
              {i}
            </button>
          ))}
        </div>
      </header>
      <ErrorText error={error} />
      <div
        ref={container}
        className="chart"
        data-testid="price-chart"
        data-candles={bars}
        role="img"
        aria-label={`${rules.baseAsset}/${rules.quoteAsset} candles, ${interval} interval, ${bars} candles`}
      />
    </section>
  );
}
