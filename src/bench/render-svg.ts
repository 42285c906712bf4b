import { auto } from './format.js';
import type { BenchResults } from './results-schema.js';

/** One horizontal bar chart; each panel has its own linear scale starting at zero. */
export interface ChartPanel {
  title: string;
  unit: string;
  bars: Array<{ label: string; value: number; highlight?: boolean }>;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const WIDTH = 760;
const LABEL_W = 230;
const BAR_W = 400;
const ROW_H = 22;
const TITLE_H = 30;
const GAP = 18;

/** Hand-written SVG (no chart library): titled panels of labelled bars with their values. */
export function renderBarChartSvg(title: string, panels: readonly ChartPanel[]): string {
  const parts: string[] = [];
  let y = 40;
  for (const p of panels) {
    const max = Math.max(0, ...p.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
    parts.push(`<text x="16" y="${y + 18}" class="panel">${escapeXml(p.title)}</text>`);
    y += TITLE_H;
    for (const b of p.bars) {
      const v = Number.isFinite(b.value) ? Math.max(0, b.value) : 0;
      const w = max > 0 ? Math.max(1, Math.round((v / max) * BAR_W)) : 1;
      parts.push(`<text x="${LABEL_W - 8}" y="${y + 15}" class="label" text-anchor="end">${escapeXml(b.label)}</text>`);
      parts.push(`<rect x="${LABEL_W}" y="${y + 3}" width="${w}" height="${ROW_H - 6}" class="${b.highlight ? 'bar sb' : 'bar'}"/>`);
      const value = p.unit === '$' ? `$${auto(b.value)}` : `${auto(b.value)}${p.unit ? ` ${p.unit}` : ''}`;
      parts.push(`<text x="${LABEL_W + w + 6}" y="${y + 15}" class="value">${escapeXml(value)}</text>`);
      y += ROW_H;
    }
    y += GAP;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>text{font-family:system-ui,-apple-system,Segoe UI,sans-serif;fill:#222}.title{font-size:16px;font-weight:600}.panel{font-size:13px;font-weight:600}.label,.value{font-size:12px}.bar{fill:#9aa5b1}.sb{fill:#2f6fde}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="16" y="26" class="title">${escapeXml(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** The panels docs/benchmarks.svg shows, from the results; Switchboard's bars are highlighted. */
export function chartPanels(r: BenchResults): ChartPanel[] {
  const panels: ChartPanel[] = [];
  if (r.router) {
    panels.push({
      title: 'Router: classifications per second',
      unit: '/s',
      bars: [
        { label: 'Switchboard local classify', value: r.router.local.perSecond, highlight: true },
        { label: 'Switchboard route (local + policy)', value: r.router.localRoute.perSecond, highlight: true },
        { label: 'nlp.js', value: r.router.nlpjs.perSecond },
      ],
    });
    panels.push({
      title: `Router: seconds per 1,000 messages with a ${r.router.modelDelayMs} ms model`,
      unit: 's',
      bars: [
        { label: 'Switchboard (model when unsure)', value: r.router.switchboard.per1000WallMs / 1000, highlight: true },
        { label: 'always ask the model', value: r.router.alwaysModel.per1000WallMs / 1000 },
      ],
    });
  }
  if (r.overhead) {
    const o = r.overhead;
    panels.push({
      title: 'Turn latency with an instant model (ms)',
      unit: 'ms',
      bars: [
        { label: 'floor p50', value: o.floor.p50Ms },
        { label: 'Switchboard memory p50', value: o.memory.p50Ms, highlight: true },
        ...(o.redis ? [{ label: 'Switchboard Redis p50', value: o.redis.p50Ms, highlight: true }] : []),
        { label: 'floor p99', value: o.floor.p99Ms },
        { label: 'Switchboard memory p99', value: o.memory.p99Ms, highlight: true },
        ...(o.redis ? [{ label: 'Switchboard Redis p99', value: o.redis.p99Ms, highlight: true }] : []),
      ],
    });
  }
  if (r.streaming) {
    const s = r.streaming;
    panels.push({
      title: 'Model first token → first delta at the client (ms)',
      unit: 'ms',
      bars: [
        { label: 'floor relay p50', value: s.floor.p50Ms },
        { label: 'Switchboard p50', value: s.switchboard.p50Ms, highlight: true },
        { label: 'floor relay p99', value: s.floor.p99Ms },
        { label: 'Switchboard p99', value: s.switchboard.p99Ms, highlight: true },
      ],
    });
  }
  if (r.throughput) {
    panels.push({
      title: 'Throughput (turns per second)',
      unit: '/s',
      bars: r.throughput.runs.map((x) => ({ label: `${x.target === 'floor' ? 'floor' : `Switchboard ${x.target === 'redis' ? 'Redis' : 'memory'}`} c${x.connections}`, value: x.turnsPerSecond, highlight: x.target !== 'floor' })),
    });
  }
  if (r.cost) {
    panels.push({
      title: 'Model calls per turn (HINT3 replay)',
      unit: '',
      bars: [
        { label: 'Switchboard', value: r.cost.switchboard.modelCallsPerTurn, highlight: true },
        { label: 'classify with the model first', value: r.cost.modelFirst.modelCallsPerTurn },
      ],
    });
    panels.push({
      title: 'Dollars per 1,000 turns',
      unit: '$',
      bars: [
        { label: 'Switchboard', value: r.cost.switchboard.usdPer1000Turns, highlight: true },
        { label: 'classify with the model first', value: r.cost.modelFirst.usdPer1000Turns },
      ],
    });
  }
  return panels;
}
