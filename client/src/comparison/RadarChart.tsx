import './RadarChart.css';

export interface RadarSeries {
  name: string;
  color: string;
  /** Per axis id, a value on the rubric's 1-4 scale, or null when nothing informed it. */
  values: Partial<Record<string, number | null>>;
  dashed?: boolean;
}

const RINGS = [1, 2, 3, 4] as const;
/** Room beside the chart for axis labels, which run sideways. */
const SIDE = 56;
const RING_LABELS = ['junior', 'mid', 'senior', 'staff'] as const;

/** A title on at most two lines, split near its middle at a space. */
function wrap(title: string): string[] {
  if (title.length <= 14) return [title];
  const middle = title.length / 2;
  let at = -1;
  for (let i = 0; i < title.length; i++) {
    if (title[i] === ' ' && (at < 0 || Math.abs(i - middle) < Math.abs(at - middle))) at = i;
  }
  return at < 0 ? [title] : [title.slice(0, at), title.slice(at + 1)];
}

/** A point at `value` (0-4) on axis `index` of `count`, the first axis pointing up. */
function point(
  index: number,
  count: number,
  value: number,
  radius: number,
  centre: number,
): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  const r = (radius * Math.max(0, Math.min(4, value))) / 4;
  return [centre + r * Math.cos(angle), centre + r * Math.sin(angle)];
}

/**
 * A radar chart on the rubric's 1-4 scale, drawn as plain SVG: one axis per dimension, rings at
 * junior, mid, senior and staff, one polygon per series. A missing value sits at the centre and
 * is marked hollow, so "not scored" never looks like a low score that was measured.
 */
export function RadarChart({
  axes,
  series,
  size = 260,
  title,
}: {
  axes: readonly { id: string; title: string }[];
  series: readonly RadarSeries[];
  size?: number;
  title: string;
}) {
  const centre = size / 2;
  const radius = size / 2 - 30;
  const n = Math.max(axes.length, 3);
  const ring = (value: number) =>
    Array.from({ length: n }, (_, i) => point(i, n, value, radius, centre).join(',')).join(' ');
  return (
    <figure className="radar">
      <svg
        viewBox={`${-SIDE} 0 ${size + 2 * SIDE} ${size}`}
        width={size + 2 * SIDE}
        height={size}
        role="img"
        aria-label={title}
      >
        <title>{title}</title>
        {RINGS.map((value, i) => (
          <g key={value}>
            <polygon points={ring(value)} className="radar-ring" />
            <text x={centre + 3} y={point(0, n, value, radius, centre)[1] + 10} className="radar-ring-label">
              {RING_LABELS[i]}
            </text>
          </g>
        ))}
        {axes.map((axis, i) => {
          const [x, y] = point(i, n, 4, radius, centre);
          const [lx, ly] = point(i, n, 4.3, radius, centre);
          const anchor = Math.abs(lx - centre) < 4 ? 'middle' : lx > centre ? 'start' : 'end';
          const lines = wrap(axis.title);
          const top =
            ly < centre - 4
              ? ly - 6 - 10 * (lines.length - 1)
              : ly > centre + 4
                ? ly + 4
                : ly - 5 * (lines.length - 1);
          return (
            <g key={axis.id}>
              <line x1={centre} y1={centre} x2={x} y2={y} className="radar-axis" />
              <text x={lx} y={top} textAnchor={anchor} dominantBaseline="middle" className="radar-axis-label">
                {lines.map((line, k) => (
                  <tspan key={line} x={lx} dy={k === 0 ? 0 : 10}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
        {series.map((s) => {
          // A series with no value at all (nobody rated yet) draws nothing rather than a dot at the centre.
          if (axes.every((axis) => (s.values[axis.id] ?? null) === null)) return null;
          const points = axes.map((axis, i) => point(i, n, s.values[axis.id] ?? 0, radius, centre));
          return (
            <g key={s.name} data-series={s.name}>
              <polygon
                points={points.map((p) => p.join(',')).join(' ')}
                fill={s.color}
                fillOpacity={0.12}
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '5 4' : undefined}
              />
              {points.map(([x, y], i) => {
                const axis = axes[i];
                const missing = axis === undefined || (s.values[axis.id] ?? null) === null;
                return (
                  <circle
                    key={axis?.id ?? i}
                    cx={x}
                    cy={y}
                    r={3.5}
                    fill={missing ? 'white' : s.color}
                    stroke={s.color}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="radar-legend">
        {series.map((s) => (
          <span key={s.name}>
            <span
              className="radar-swatch"
              style={{ borderColor: s.color, borderStyle: s.dashed ? 'dashed' : 'solid' }}
            />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
