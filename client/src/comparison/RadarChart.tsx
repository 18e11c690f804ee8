import './RadarChart.css';

export interface RadarSeries {
  name: string;
  color: string;
  /** Per axis id, a value on the rubric's 1-4 scale, or null when nothing informed it. */
  values: Partial<Record<string, number | null>>;
  dashed?: boolean;
}

const RINGS = [1, 2, 3, 4] as const;
const RING_LABELS = ['junior', 'mid', 'senior', 'staff'] as const;

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
  const radius = size / 2 - 46;
  const n = Math.max(axes.length, 3);
  const ring = (value: number) =>
    Array.from({ length: n }, (_, i) => point(i, n, value, radius, centre).join(',')).join(' ');
  return (
    <figure className="radar">
      <svg viewBox={`0 0 ${size} ${size}`} width={size} height={size} role="img" aria-label={title}>
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
          const [lx, ly] = point(i, n, 4.55, radius, centre);
          const anchor = Math.abs(lx - centre) < 4 ? 'middle' : lx > centre ? 'start' : 'end';
          return (
            <g key={axis.id}>
              <line x1={centre} y1={centre} x2={x} y2={y} className="radar-axis" />
              <text x={lx} y={ly} textAnchor={anchor} dominantBaseline="middle" className="radar-axis-label">
                {axis.title}
              </text>
            </g>
          );
        })}
        {series.map((s) => {
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
