import { big, type Decimal } from '../../lib/format';
import { formatAssetAmount, formatValue } from '../../lib/money';

export interface AllocationSlice {
  asset: string;
  value: Decimal;
  /** The server's allocation percent (two decimals, summing to 100.00). */
  percent: Decimal;
}

const palette = ['#f0b90b', '#0ecb81', '#6ea8fe', '#f6465d', '#c084fc', '#22d3ee', '#fb923c', '#a3e635'];

export function colorOf(index: number): string {
  return palette[index % palette.length];
}

/**
 * The slices of a donut as SVG arc paths, from the server's percentages (float coordinates only; the numbers shown
 * are the decimal strings). Slices below 0.01% are dropped: they would not be visible.
 */
export function donutArcs(slices: AllocationSlice[], radius = 60, thickness = 22): Array<{ asset: string; path: string; color: string }> {
  const arcs: Array<{ asset: string; path: string; color: string }> = [];
  const inner = radius - thickness;
  let start = 0;
  slices.forEach((slice, index) => {
    const fraction = Number(slice.percent) / 100;
    if (!(fraction > 0)) {
      return;
    }
    const end = Math.min(start + fraction, 1);
    const color = colorOf(index);
    if (end - start >= 0.9999) {
      // A full ring: two half arcs (one arc cannot start and end at the same point).
      arcs.push({
        asset: slice.asset,
        color,
        path: `M 0 ${-radius} A ${radius} ${radius} 0 1 1 0 ${radius} A ${radius} ${radius} 0 1 1 0 ${-radius} Z M 0 ${-inner} A ${inner} ${inner} 0 1 0 0 ${inner} A ${inner} ${inner} 0 1 0 0 ${-inner} Z`,
      });
    } else {
      const point = (r: number, at: number) => {
        const angle = at * 2 * Math.PI - Math.PI / 2;
        return `${(r * Math.cos(angle)).toFixed(3)} ${(r * Math.sin(angle)).toFixed(3)}`;
      };
      const large = end - start > 0.5 ? 1 : 0;
      arcs.push({
        asset: slice.asset,
        color,
        path: `M ${point(radius, start)} A ${radius} ${radius} 0 ${large} 1 ${point(radius, end)} L ${point(inner, end)} A ${inner} ${inner} 0 ${large} 0 ${point(inner, start)} Z`,
      });
    }
    start = end;
  });
  return arcs;
}

/** The portfolio's allocation: an SVG donut (decorative for screen readers) and the same figures as a table. */
export function AllocationChart({ slices, quoteAsset }: { slices: AllocationSlice[]; quoteAsset: string }) {
  const shown = slices.filter((s) => big(s.percent).gt(0));
  const arcs = donutArcs(shown);
  return (
    <div className="allocation">
      <svg viewBox="-64 -64 128 128" className="allocation-donut" role="img" aria-label={`Allocation: ${shown.map((s) => `${s.asset} ${s.percent}%`).join(', ') || 'nothing held'}`}>
        {arcs.length === 0 && <circle r="49" fill="none" stroke="var(--border)" strokeWidth="22" />}
        {arcs.map((arc) => (
          <path key={arc.asset} d={arc.path} fill={arc.color} fillRule="evenodd" data-asset={arc.asset} />
        ))}
      </svg>
      <div className="table-scroll">
        <table className="allocation-table" data-testid="allocation-table">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col" className="num">Value ({quoteAsset})</th>
              <th scope="col" className="num">Share</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((slice, index) => (
              <tr key={slice.asset} data-testid={`allocation-${slice.asset}`}>
                <th scope="row">
                  <span className="swatch" style={{ background: colorOf(index) }} aria-hidden="true" />
                  {slice.asset}
                </th>
                <td className="num">{formatValue(slice.value)}</td>
                <td className="num">{formatAssetAmount(slice.percent, 2)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
