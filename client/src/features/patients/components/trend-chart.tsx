import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine';
import { LineChart } from '@mui/x-charts/LineChart';
import type { TrendsDto } from '@rls/shared';
import { useId, type ReactNode } from 'react';
import { formatDate } from '@/utils/format';
import { formatTrendValue, seriesLabel, seriesUnit, treatmentText } from '@/utils/trends';
import type { TrendPanel } from '../trend-panels';

// One trend chart of the patient page (MUI X Charts, loaded with the patient route's lazy chunk). The
// same figures are in the page's "Trend values" table, which screen readers read instead.

type TrendSeries = TrendsDto['series'][number];
type TreatmentMarker = TrendsDto['treatments'][number];

const DAY_MS = 86_400_000;
const CHART_HEIGHT = 230;

function toDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Treatment changes of one date, one per line: "Started IV ferric carboxymaltose", "Stopped Pramipexole". */
function markersByDate(
  markers: readonly TreatmentMarker[],
): { date: string; label: string; stopsOnly: boolean }[] {
  const byDate = new Map<string, TreatmentMarker[]>();
  for (const marker of markers) byDate.set(marker.date, [...(byDate.get(marker.date) ?? []), marker]);
  return [...byDate].map(([date, list]) => ({
    date,
    label: list.map(treatmentText).join('\n'),
    stopsOnly: list.every((m) => m.kind === 'stop'),
  }));
}

/** The value axis: the values and reference lines with some room, unless the panel fixes it. */
function valueDomain(panel: TrendPanel, values: readonly number[]): { min: number; max: number } {
  if (panel.domain) return panel.domain;
  const all = [...values, ...panel.references.map((r) => r.value)];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const pad = Math.max((high - low) * 0.15, Math.abs(high) * 0.05, 0.05);
  return { min: Math.max(0, low - pad), max: high + pad };
}

interface TrendChartProps {
  panel: TrendPanel;
  /** The panel's series that have values. */
  series: readonly TrendSeries[];
  markers: readonly TreatmentMarker[];
  /** Shown beside the chart (the IRLS chart's augmentation features). */
  aside?: ReactNode;
}

export function TrendChart({ panel, series, markers, aside }: TrendChartProps) {
  const theme = useTheme();
  const titleId = useId();
  const colours = [theme.palette.primary.main, theme.palette.secondary.main];

  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const changes = markersByDate(markers);
  const allDates = [...dates, ...changes.map((c) => c.date)].sort();
  const first = toDate(allDates[0] ?? dates[0]!).getTime();
  const last = toDate(allDates.at(-1) ?? dates.at(-1)!).getTime();
  // Room either side so the first and last visits (and a marker on them) are not on the chart's edge.
  const pad = Math.max((last - first) * 0.06, 14 * DAY_MS);
  const shortSpan = last - first < 300 * DAY_MS;
  const unit = series[0] ? seriesUnit(series[0]) : '';
  const values = series.flatMap((s) => s.points.map((p) => p.value));
  const domain = valueDomain(panel, values);

  return (
    <Paper
      variant="outlined"
      component="figure"
      aria-labelledby={titleId}
      sx={{ m: 0, p: 2, minWidth: 0, display: 'flex', flexDirection: 'column' }}
    >
      <Typography id={titleId} variant="h3" component="figcaption">
        {panel.title}
        {unit ? (
          <Typography component="span" variant="body2" color="textSecondary" sx={{ ml: 0.75 }}>
            ({unit})
          </Typography>
        ) : null}
        <Typography
          variant="body2"
          color="textSecondary"
          component="span"
          sx={{ display: 'block', fontWeight: 400 }}
        >
          {panel.description}
        </Typography>
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start', mt: 1 }}>
        <Box sx={{ flex: '1 1 320px', minWidth: 0 }}>
          <LineChart
            height={CHART_HEIGHT}
            skipAnimation
            hideLegend={series.length < 2}
            margin={{ top: changes.length > 0 ? 28 : 12, right: 16 }}
            xAxis={[
              {
                scaleType: 'time',
                data: dates.map(toDate),
                min: new Date(first - pad),
                max: new Date(last + pad),
                tickNumber: 4,
                valueFormatter: (value: Date, context) =>
                  context.location === 'tick'
                    ? (shortSpan ? dayMonth : monthYear).format(value)
                    : formatDate(value.toISOString().slice(0, 10)),
              },
            ]}
            yAxis={[{ min: domain.min, max: domain.max, width: 52 }]}
            series={series.map((s, i) => ({
              id: s.code,
              label: seriesLabel(s.code),
              color: colours[i % colours.length],
              data: dates.map((date) => s.points.findLast((p) => p.date === date)?.value ?? null),
              connectNulls: true,
              showMark: true,
              valueFormatter: (value: number | null) =>
                value === null ? '—' : `${formatTrendValue(s.code, value)}${unit ? ` ${unit}` : ''}`,
            }))}
          >
            {panel.references.map((reference) => (
              <ChartsReferenceLine
                key={reference.value}
                y={reference.value}
                label={reference.label}
                labelAlign="start"
                lineStyle={{ stroke: theme.palette.warning.main, strokeDasharray: '4 3' }}
                labelStyle={{ fontSize: 11, fill: theme.palette.text.secondary }}
              />
            ))}
            {changes.map((change) => {
              // A label in the right half of the chart is written to the left of its line, so it stays inside.
              const rightHalf = toDate(change.date).getTime() > (first + last) / 2;
              return (
                <ChartsReferenceLine
                  key={change.date}
                  x={toDate(change.date)}
                  label={change.label}
                  labelAlign="end"
                  spacing={{ x: rightHalf ? -5 : 5, y: 5 }}
                  lineStyle={{
                    stroke: change.stopsOnly ? theme.palette.text.secondary : theme.palette.success.main,
                    strokeDasharray: '2 2',
                  }}
                  labelStyle={{
                    fontSize: 11,
                    fill: theme.palette.text.primary,
                    textAnchor: rightHalf ? 'end' : 'start',
                  }}
                />
              );
            })}
          </LineChart>
        </Box>
        {aside}
      </Box>
    </Paper>
  );
}
