/** Plain SVG charts: stacked bars over time and horizontal percentage bars. No chart library. */

const PALETTE = [
  '#2563eb',
  '#f59e0b',
  '#10b981',
  '#ef4444',
  '#8b5cf6',
  '#0ea5e9',
  '#64748b',
  '#ec4899',
];
export const colorOf = (index: number): string => PALETTE[index % PALETTE.length] ?? '#64748b';

export interface Series {
  readonly label: string;
  /** One value per bucket. */
  readonly values: readonly number[];
}

/** Bars per time bucket, each stacked from its series; a legend names the colours. */
export const StackedBars = (props: {
  title: string;
  buckets: readonly string[];
  series: readonly Series[];
  format?: (value: number) => string;
}) => {
  const width = 640;
  const height = 200;
  const pad = { left: 56, bottom: 22, top: 8 };
  const totals = props.buckets.map((_, index) =>
    props.series.reduce((sum, each) => sum + (each.values[index] ?? 0), 0),
  );
  const max = Math.max(1, ...totals);
  const slot = (width - pad.left) / Math.max(1, props.buckets.length);
  const bar = Math.min(48, slot * 0.7);
  const scale = (value: number) => ((height - pad.bottom - pad.top) * value) / max;
  const format = props.format ?? String;
  const summary = props.series
    .map((each) => `${each.label} ${format(each.values.reduce((sum, value) => sum + value, 0))}`)
    .join(', ');
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${props.title}: ${summary || 'no data'}`}
      >
        <line
          x1={pad.left}
          x2={width}
          y1={height - pad.bottom}
          y2={height - pad.bottom}
          class="axis"
        />
        <text x={pad.left - 6} y={pad.top + 8} class="tick" text-anchor="end">
          {format(max)}
        </text>
        {props.buckets.map((bucket, index) => {
          let y = height - pad.bottom;
          const x = pad.left + slot * index + (slot - bar) / 2;
          return (
            <g key={bucket}>
              {props.series.map((each, seriesIndex) => {
                const value = each.values[index] ?? 0;
                const h = scale(value);
                y -= h;
                return value > 0 ? (
                  <rect
                    key={each.label}
                    x={x}
                    y={y}
                    width={bar}
                    height={h}
                    fill={colorOf(seriesIndex)}
                  >
                    <title>{`${bucket} · ${each.label}: ${format(value)}`}</title>
                  </rect>
                ) : null;
              })}
              <text x={x + bar / 2} y={height - 6} class="tick" text-anchor="middle">
                {bucket}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend labels={props.series.map((each) => each.label)} />
    </figure>
  );
};

export const Legend = ({ labels }: { labels: readonly string[] }) => (
  <ul class="legend">
    {labels.map((label, index) => (
      <li key={label}>
        <span class="swatch" style={{ background: colorOf(index) }} aria-hidden="true" />
        {label}
      </li>
    ))}
  </ul>
);

/** One labelled bar per row, 0–100 %; null rows read "no data". */
export const PercentBars = (props: {
  title: string;
  rows: readonly { label: string; value: number | null; note: string }[];
}) => (
  <figure class="chart">
    <figcaption>{props.title}</figcaption>
    <table class="percent-bars">
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td>
              <div class="track">
                {row.value !== null ? (
                  <div class="fill" style={{ width: `${Math.round(row.value * 100)}%` }} />
                ) : null}
              </div>
            </td>
            <td class="num">
              {row.value === null ? 'no data' : `${Math.round(row.value * 100)}%`}
            </td>
            <td class="muted">{row.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </figure>
);
