import { TickMarkType, type Time, type UTCTimestamp } from 'lightweight-charts';

/**
 * The chart's time axis: lightweight-charts gets true UTC seconds (so bars stay strictly increasing across a daylight
 * saving change, when a local clock repeats or skips an hour) and its labels are formatted in the viewer's local time,
 * as the trade lists are.
 */
export function toChartTime(milliseconds: number): UTCTimestamp {
  return Math.floor(milliseconds / 1000) as UTCTimestamp;
}

function dateOf(time: Time): Date {
  if (typeof time === 'number') {
    return new Date(time * 1000);
  }
  if (typeof time === 'string') {
    return new Date(time);
  }
  return new Date(time.year, time.month - 1, time.day);
}

const pad = (n: number) => String(n).padStart(2, '0');
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The crosshair's label (localization.timeFormatter): "2026-10-25 02:15" in local time. */
export function formatChartTime(time: Time): string {
  const d = dateOf(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The time axis labels (timeScale.tickMarkFormatter) in local time: "2026", "Oct", "25", "02:15", "02:15:30". */
export function formatTickMark(time: Time, type: TickMarkType): string {
  const d = dateOf(time);
  switch (type) {
    case TickMarkType.Year:
      return String(d.getFullYear());
    case TickMarkType.Month:
      return months[d.getMonth()];
    case TickMarkType.DayOfMonth:
      return String(d.getDate());
    case TickMarkType.TimeWithSeconds:
      return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    default:
      return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
}
