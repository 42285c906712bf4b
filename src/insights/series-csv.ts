import { ROUTE_METHODS, METRICS, field, methodMetric } from './fields.js';
import { toCsv } from './csv.js';
import { ownValue } from '../core/own-keys.js';

const COLUMNS = [
  METRICS.conversations,
  METRICS.messages,
  METRICS.replies,
  METRICS.offline,
  METRICS.handoffs,
  METRICS.guard,
  METRICS.unanswered,
  METRICS.ended,
  METRICS.resolved,
  METRICS.returned,
  METRICS.ratingUp,
  METRICS.ratingDown,
  METRICS.tokens,
] as const;

/** One row per day and dimension (all, each skill, each skill's variant) that has any count. */
export function seriesCsv(days: readonly string[], counters: ReadonlyArray<Record<string, number>>): string {
  const header = ['day', 'skill', 'variant', ...COLUMNS, 'cost_usd', ...ROUTE_METHODS.map((m) => `method_${m}`)];
  const rows: unknown[][] = [];
  days.forEach((day, i) => {
    const c = counters[i] ?? {};
    const dims = new Set<string>(['all']);
    for (const key of Object.keys(c)) dims.add(key.slice(0, key.indexOf('|')));
    for (const dim of [...dims].sort((a, b) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)))) {
      const [skill, variant] = dim === 'all' ? ['', ''] : dim.startsWith('s:') ? [dim.slice(2), ''] : splitVariant(dim.slice(2));
      const get = (metric: string) => ownValue(c, field(dim, metric)) ?? 0;
      rows.push([day, skill || 'all', variant, ...COLUMNS.map(get), get(METRICS.costMicros) / 1_000_000, ...ROUTE_METHODS.map((m) => get(methodMetric(m)))]);
    }
  });
  return toCsv(header, rows);
}

function splitVariant(rest: string): [string, string] {
  const sep = rest.indexOf(':');
  return [rest.slice(0, sep), rest.slice(sep + 1)];
}
