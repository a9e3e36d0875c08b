import type { ReactNode } from "react";
import { barLength, compactPounds, niceScale } from "../domain/reconciliation";
import { formatPence } from "../domain/money";

/**
 * Charts drawn on the server as plain SVG: an image to a screen reader (`role="img"`, named by its
 * title and described by its description), readable without JavaScript, and never colour alone:
 * the first series of each pair is hatched and outlined, the second solid, each bar labelled with
 * its amount, and a key says which is which. The page puts the same numbers in a table beside each
 * chart. No style attributes (the Content-Security-Policy forbids them): classes in
 * app/styles/portal.scss and SVG's own attributes.
 */

interface SeriesNames {
  /** The hatched series (approved, the profile). */
  first: string;
  /** The solid series (spent). */
  second: string;
}

function Hatch({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="8" height="8" className="portal-chart__hatch-ground" />
        <line x1="0" y1="0" x2="0" y2="8" className="portal-chart__hatch-line" />
      </pattern>
    </defs>
  );
}

function Key({ id, names, y }: { id: string; names: SeriesNames; y: number }) {
  return (
    <g transform={`translate(0 ${y})`}>
      <rect x="0" y="0" width="24" height="16" fill={`url(#${id})`} className="portal-chart__bar--first" />
      <text x="32" y="13" className="portal-chart__text">
        {names.first}
      </text>
      <rect x="200" y="0" width="24" height="16" className="portal-chart__bar--second" />
      <text x="232" y="13" className="portal-chart__text">
        {names.second}
      </text>
    </g>
  );
}

const WIDTH = 720;

/** What every chart is given besides its data: its id, its title and description, its series' names. */
interface ChartProps {
  id: string;
  title: string;
  description: string;
  names: SeriesNames;
}

/** The id of a chart's hatching, which its first series' bars fill with. */
const hatchId = (chartId: string) => `${chartId}-hatch`;

/** Every chart's frame: the image with its title and description, the hatching and the key; the bars inside. */
function ChartFrame({
  id,
  title,
  description,
  names,
  height,
  children,
}: ChartProps & { height: number; children: ReactNode }) {
  const hatch = hatchId(id);
  return (
    <svg
      className="portal-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      id={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <Hatch id={hatch} />
      <Key id={hatch} names={names} y={4} />
      {children}
    </svg>
  );
}

/**
 * Pairs of horizontal bars, one pair per row (approved against spent by partnership): the row's
 * name on a line of its own, then its two bars, each labelled with its amount.
 */
export function PairedBarChart({
  id,
  title,
  description,
  names,
  rows,
}: ChartProps & { rows: { key: string | number; label: string; first: number; second: number }[] }) {
  const keyHeight = 32;
  const rowHeight = 74;
  const height = keyHeight + rows.length * rowHeight + 8;
  const valueRoom = 120;
  const length = WIDTH - valueRoom;
  const { max } = niceScale(Math.max(0, ...rows.flatMap((r) => [r.first, r.second])));
  const hatch = hatchId(id);
  return (
    <ChartFrame id={id} title={title} description={description} names={names} height={height}>
      {rows.map((row, i) => {
        const top = keyHeight + i * rowHeight;
        const first = barLength(row.first, max, length);
        const second = barLength(row.second, max, length);
        return (
          <g key={row.key} transform={`translate(0 ${top})`}>
            <text x="0" y="18" className="portal-chart__text portal-chart__text--label">
              {row.label}
            </text>
            <rect x="0" y="26" width={first} height="18" fill={`url(#${hatch})`} className="portal-chart__bar--first" />
            <text x={first + 6} y="40" className="portal-chart__text">
              {formatPence(row.first)}
            </text>
            <rect x="0" y="48" width={second} height="18" className="portal-chart__bar--second" />
            <text x={second + 6} y="62" className="portal-chart__text">
              {formatPence(row.second)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/**
 * Pairs of vertical bars by quarter (spend against the profile), on an axis from zero, each bar
 * labelled with its amount in short (the table beside has it to the penny).
 */
export function QuarterChart({
  id,
  title,
  description,
  names,
  quarters,
}: ChartProps & { quarters: { key: string; label: string; sublabel: string; first: number; second: number }[] }) {
  const height = 360;
  const left = 64;
  const top = 56;
  const bottom = 52;
  const plotHeight = height - top - bottom;
  const plotWidth = WIDTH - left - 8;
  const { max, ticks } = niceScale(Math.max(0, ...quarters.flatMap((q) => [q.first, q.second])));
  const group = quarters.length ? plotWidth / quarters.length : plotWidth;
  const bar = Math.min(36, (group - 16) / 2);
  const hatch = hatchId(id);
  const y = (v: number) => top + plotHeight - barLength(v, max, plotHeight);
  return (
    <ChartFrame id={id} title={title} description={description} names={names} height={height}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={WIDTH - 8} y1={y(t)} y2={y(t)} className={t === 0 ? "portal-chart__axis" : "portal-chart__grid"} />
          <text x={left - 6} y={y(t) + 5} textAnchor="end" className="portal-chart__text portal-chart__text--small">
            {compactPounds(t)}
          </text>
        </g>
      ))}
      {quarters.map((q, i) => {
        const x = left + i * group + (group - 2 * bar - 4) / 2;
        return (
          <g key={q.key}>
            <rect
              x={x}
              y={y(q.first)}
              width={bar}
              height={Math.max(top + plotHeight - y(q.first), 0)}
              fill={`url(#${hatch})`}
              className="portal-chart__bar--first"
            />
            <text x={x + bar / 2} y={y(q.first) - 4} textAnchor="middle" className="portal-chart__text portal-chart__text--small">
              {compactPounds(q.first)}
            </text>
            <rect x={x + bar + 4} y={y(q.second)} width={bar} height={Math.max(top + plotHeight - y(q.second), 0)} className="portal-chart__bar--second" />
            <text x={x + bar * 1.5 + 4} y={y(q.second) - 4} textAnchor="middle" className="portal-chart__text portal-chart__text--small">
              {compactPounds(q.second)}
            </text>
            <text x={left + i * group + group / 2} y={height - bottom + 20} textAnchor="middle" className="portal-chart__text portal-chart__text--small">
              {q.label}
            </text>
            <text x={left + i * group + group / 2} y={height - bottom + 38} textAnchor="middle" className="portal-chart__text portal-chart__text--small">
              {q.sublabel}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
