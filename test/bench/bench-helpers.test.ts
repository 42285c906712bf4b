import { describe, expect, it } from 'vitest';
import { cacheableTokens } from '../../src/bench/cost-bench.js';
import { mapPool, seededShuffle, spreadSample } from '../../src/bench/eval-messages.js';
import { ConversationRotation } from '../../src/bench/load-messages.js';
import { renderBenchmarksMarkdown } from '../../src/bench/render-markdown.js';
import { chartPanels, escapeXml, renderBarChartSvg } from '../../src/bench/render-svg.js';
import { renderMarkdownTable, renderTextTable } from '../../src/bench/render-table.js';
import { evaluateGoals, summaryTable } from '../../src/bench/report.js';
import { benchResultsSchema, parseBenchResults, type BenchResults } from '../../src/bench/results-schema.js';
import { percentile, percentileOfSorted, ratio, round, summarize } from '../../src/bench/stats.js';
import { parseBenchArgs } from '../../src/cli/bench.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCatalog, loadBaseCatalog, loadCatalogWords } from '../../src/bench/catalog-generator.js';
import { profileSection } from '../../src/bench/http-overhead.js';
import { appStartFlags } from '../../src/bench/child.js';
import { summarizeProfile } from '../../src/bench/profile-summary.js';
import { slope } from '../../src/bench/soak-bench.js';
import { parseJsonShaped } from '../../src/commerce/json-shaped.js';
import { catalogSchema } from '../../src/commerce/store-schemas.js';

const lat = (p50: number, p99: number) => ({ n: 100, p50Ms: p50, p99Ms: p99, meanMs: p50 });

/** A complete, plausible results object (figures invented for the test, not measured). */
function sample(): Omit<BenchResults, 'goals'> {
  return {
    version: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationSeconds: 150,
    command: 'npm run bench',
    machine: { node: '20.0.0', platform: 'linux x64', cpus: 2, cpuModel: 'Test CPU', loadAverage: [0.5, 0.4, 0.3] },
    router: {
      messages: 10,
      files: ['a.jsonl'],
      threshold: 0.9,
      local: { perSecond: 50_000, p50Us: 15, p99Us: 40 },
      localRoute: { perSecond: 40_000, p50Us: 20, p99Us: 50 },
      nlpjs: { perSecond: 4000, p50Us: 200, p99Us: 500 },
      modelDelayMs: 300,
      concurrency: 16,
      switchboard: { messages: 10, modelCalls: 1, wallMs: 400, per1000WallMs: 40_000, per1000ModelCalls: 100 },
      alwaysModel: { sample: 5, wallMs: 400, p50Ms: 301, p99Ms: 320, per1000WallMs: 80_000, per1000ModelCalls: 1000, extrapolated: true },
      localOverNlpjs: 12.5,
      wallRatio: 2,
      callsRatio: 10,
    },
    overhead: {
      turnsPerVariant: 100,
      turnsPerConversation: 4,
      floorKind: 'bare express',
      floor: lat(2, 4),
      memory: lat(2.2, 5),
      redis: lat(3, 6),
      memoryRatio: { p50: 1.1, p99: 1.25 },
      redisRatio: { p50: 1.5, p99: 1.5 },
      routedByModelShare: 0,
      cpuMsPerTurn: { floor: 1, memory: 1.3, redis: 1.6 },
      cpuRatio: { memory: 1.3, redis: 1.6 },
    },
    streaming: { turns: 50, chunkGapMs: 5, switchboard: lat(0.5, 1), floor: lat(0.4, 0.9), addedOverFloorP50Ms: 0.1 },
    throughput: {
      conversations: 100,
      runs: [
        { target: 'memory', connections: 1, durationSeconds: 5, turns: 1000, turnsPerSecond: 200, p50Ms: 4, p99Ms: 9, errors: 0, non2xx: 0, timeouts: 0, peakRssMb: 200, cpuMsPerTurn: 1.2, serverCores: 0.24, loadGeneratorCores: 0.1 },
        { target: 'memory', connections: 64, durationSeconds: 5, turns: 4000, turnsPerSecond: 800, p50Ms: 70, p99Ms: 150, errors: 0, non2xx: 2, timeouts: 0, peakRssMb: 260, cpuMsPerTurn: 1.1, serverCores: 0.88, loadGeneratorCores: 0.4 },
        { target: 'floor', connections: 64, durationSeconds: 5, turns: 8000, turnsPerSecond: 1600, p50Ms: 35, p99Ms: 80, errors: 0, non2xx: 0, timeouts: 0, peakRssMb: null, cpuMsPerTurn: null, serverCores: null, loadGeneratorCores: null },
      ],
    },
    state: {
      runs: [
        { store: 'memory', conversations: 10_000, messagesPerConversation: 2, fillMs: 300, rssMb: 150, rssDeltaMb: 50, loadP50Us: 10, loadP99Us: 40, redisUsedMemoryDeltaMb: null, redisKeyBytesPerConversation: null },
        { store: 'redis', conversations: 10_000, messagesPerConversation: 2, fillMs: 3000, rssMb: 160, rssDeltaMb: 60, loadP50Us: 80, loadP99Us: 400, redisUsedMemoryDeltaMb: 18, redisKeyBytesPerConversation: 1800 },
      ],
    },
    cost: {
      turns: 10,
      files: ['a.jsonl'],
      prices: { input: 0.15, cachedInput: 0.075, output: 0.6 },
      tokenizer: 'gpt-tokenizer o200k_base',
      skills: [{ skill: 'returns', turns: 10, share: 1, promptTokens: 2000, cachedPrefixTokens: 1536, completionTokens: 60, skillCallsPerTurn: 1, usdPerTurn: 0.0002 }],
      router: { calls: 2, promptTokens: 1500, cachedPrefixTokens: 1408, completionTokens: 23, usdPerCall: 0.00013 },
      switchboard: { modelCallsPerTurn: 1.2, routerCallsPerTurn: 0.2, skillCallsPerTurn: 1, usdPer1000Turns: 0.226 },
      modelFirst: { modelCallsPerTurn: 2, usdPer1000Turns: 0.33 },
      methods: { local: 8, model: 2 },
      guardRetries: 0,
    },
    notes: ['how it was measured'],
  };
}

function withGoals(r = sample()): BenchResults {
  return parseBenchResults({ ...r, goals: evaluateGoals(r) });
}

describe('stats', () => {
  it('interpolates percentiles between ranks', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileOfSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(percentileOfSorted([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([10, 0, 5], 50)).toBe(5);
    expect(percentile(Array.from({ length: 101 }, (_, i) => 100 - i), 99)).toBe(99);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    // A fraction passed for a percentile (0.99 for p99) is refused: it would read the fastest samples.
    expect(() => percentileOfSorted([1, 2, 3], 0.99)).toThrow(/percent/);
  });

  it('summarizes without mutating the samples', () => {
    const samples = [5, 1, 3];
    const s = summarize(samples);
    expect(s).toMatchObject({ n: 3, min: 1, max: 5, p50: 3, mean: 3 });
    expect(samples).toEqual([5, 1, 3]);
  });

  it('rounds and divides safely', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(Number.NaN)).toBeNull();
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });
});

describe('helpers', () => {
  it('applies the prompt-cache rule: nothing under 1,024 tokens, then 128-token steps', () => {
    expect(cacheableTokens(1023)).toBe(0);
    expect(cacheableTokens(1024)).toBe(1024);
    expect(cacheableTokens(1151)).toBe(1024);
    expect(cacheableTokens(1152)).toBe(1152);
  });

  it('samples across the whole list and runs a bounded pool in order', async () => {
    expect(spreadSample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8]);
    expect(spreadSample([1, 2], 5)).toEqual([1, 2]);
    let inFlight = 0;
    let peak = 0;
    const out = await mapPool([1, 2, 3, 4, 5], 2, async (x) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('shuffles deterministically, keeping every item', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = seededShuffle(items, 7);
    expect(seededShuffle(items, 7)).toEqual(a);
    expect(a).not.toEqual(items);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(seededShuffle(items, 8)).not.toEqual(a);
  });

  it('replaces a conversation after the given number of turns', async () => {
    let opened = 0;
    const rotation = new ConversationRotation(async () => ++opened, 2);
    const seen = [await rotation.next(), await rotation.next(), await rotation.next()];
    expect(seen).toEqual([1, 1, 2]);
  });

  it('parses the CLI options and rejects unknown sections', () => {
    const o = parseBenchArgs(['--json', '--only', 'router,cost', '--no-redis']);
    expect(o.json).toBe(true);
    expect([...o.only]).toEqual(['router', 'cost']);
    expect(o.redis).toBe(false);
    expect(() => parseBenchArgs(['--only', 'routr'])).toThrow(/unknown section "routr"/);
  });
});

describe('results schema and goals', () => {
  it('accepts a complete result and judges each goal', () => {
    const r = withGoals();
    const met = Object.fromEntries(r.goals.map((g) => [g.id, g.met]));
    expect(met).toEqual({
      overhead: true,
      streaming: true,
      throughput: false,
      'model-calls': false,
      'router-speed': true,
      'router-speed-scale': true,
      hostile: null,
      'overhead-redis': false,
      'peak-rss': null,
      soak: null,
      'catalog-start': null,
      'catalog-search': null,
      'catalog-route': null,
    });
  });

  it('marks goals of skipped sections as not run', () => {
    const r = withGoals({ ...sample(), router: null, throughput: null });
    expect(r.goals.find((g) => g.id === 'router-speed')).toMatchObject({ measured: null, met: null });
    expect(r.goals.find((g) => g.id === 'throughput')?.met).toBeNull();
  });

  it('rejects a result with a missing or mistyped figure, naming it', () => {
    const bad = JSON.parse(JSON.stringify(withGoals())) as Record<string, any>;
    bad.overhead.memory.p50Ms = 'fast';
    expect(() => parseBenchResults(bad)).toThrow(/overhead\.memory\.p50Ms/);
    const missing = JSON.parse(JSON.stringify(withGoals())) as Record<string, any>;
    delete missing.cost.switchboard;
    expect(benchResultsSchema.safeParse(missing).success).toBe(false);
  });
});

describe('rendering', () => {
  it('aligns text tables and escapes pipes in Markdown', () => {
    const t = { title: 'T', headers: ['a', 'bb'], rows: [['x|y', '1']] };
    expect(renderMarkdownTable(t).split('\n')).toEqual(['| a | bb |', '|---|---|', '| x\\|y | 1 |']);
    expect(renderTextTable(t).split('\n')).toEqual(['T', 'a    bb', '---  --', 'x|y  1']);
  });

  it('puts every section in the summary table with its goal verdict', () => {
    const table = summaryTable(withGoals());
    const sections = new Set(table.rows.map((r) => r[0]));
    expect(sections).toEqual(new Set(['1 Router', '2 Overhead', '3 Streaming', '4 Throughput', '5 State', '6 Cost']));
    const routerRow = table.rows.find((r) => r[1]?.startsWith('classifications/s'))!;
    expect(routerRow[2]).toContain('50,000/s');
    expect(routerRow[4]).toBe('12.5×');
    expect(routerRow[5]).toBe('≥ 1.5× met; ≥ 10× met');
    expect(table.rows.find((r) => r[0] === '4 Throughput')![5]).toBe('≥ 1,000 MISSED');
  });

  it('draws bars proportional to the values, escaped, one panel per figure group', () => {
    const svg = renderBarChartSvg('A & B', [{ title: 'p <1>', unit: 'ms', bars: [{ label: 'x', value: 10 }, { label: 'y', value: 5, highlight: true }] }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('p &lt;1&gt;');
    const widths = [...svg.matchAll(/<rect x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([400, 200]);
    expect(svg).toContain('class="bar sb"');
    expect(escapeXml('"<&>"')).toBe('&quot;&lt;&amp;&gt;&quot;');
    const titles = chartPanels(withGoals()).map((p) => p.title);
    expect(titles).toHaveLength(7);
  });

  it('renders the Markdown page with the chart, the table, goals and notes', () => {
    const md = renderBenchmarksMarkdown(withGoals(), 'benchmarks.svg');
    expect(md).toContain('![Benchmark chart](benchmarks.svg)');
    expect(md).toContain('| Section | Measure | Switchboard | Alternative | Ratio | Goal |');
    expect(md).toContain('### Goals');
    expect(md).toContain('- how it was measured');
    expect(md).toContain('## Reading the results');
    // 1.3 ms CPU per turn against the floor's 1.0 ms: 0.3 ms more; 1.1 ms per turn at c64: about 909 turns/s per core.
    expect(md).toContain('0.300 ms of CPU more than the floor');
    expect(md).toContain('about 909 turns/s');
    expect(md).not.toContain('undefined');
  });
});

describe('issue 20 sections', () => {
  const soak = {
    store: 'memory' as const,
    maxConversations: 200,
    connections: 16,
    durationSeconds: 60,
    turnsPerConversation: 4,
    turns: 6000,
    conversations: 1500,
    errors: 0,
    turnsPerSecond: 100,
    warmupSeconds: 18,
    rssStartMb: 300,
    rssEndMb: 301,
    peakRssMb: 320,
    rssSlopeMbPerMin: 1.2,
    heapSlopeMbPerMin: 0.1,
    goalSlopeMbPerMin: 2,
    samples: [[0, 290, 90], [30, 300, 95], [60, 301, null]] as Array<[number, number, number | null]>,
  };
  const run = (size: string, products: number, coldStartMs: number, p99: number, route: number) => ({
    size, products, categories: 12, fileMb: null, generateMs: null, loadMs: 10, yamlLoadMs: null, startMs: 900, coldStartMs, trainMs: 50, searchP50Us: 10, searchP99Us: p99, searchFirstP50Us: 20, searchFirstP99Us: p99 * 2, searches: 300, routeUsPerMessage: route, rssMb: 300, heapUsedMb: 100,
  });
  const catalog = { queries: 300, messages: 200, runs: [run('shipped', 81, 5000, 20, 100), run('100000', 100_000, 12_000, 4000, 105)], largest: '100000', routeRatioLargest: 1.05 };

  it('judges the soak, peak RSS and catalog goals and renders their tables', () => {
    const base = sample();
    const runs = base.throughput!.runs.map((x) => (x.target === 'floor' ? { ...x, peakRssMb: 150 } : x));
    const r = withGoals({ ...base, throughput: { ...base.throughput!, runs }, soak, catalog });
    const met = Object.fromEntries(r.goals.map((g) => [g.id, g.met]));
    expect(met).toMatchObject({ soak: true, 'peak-rss': false, 'catalog-start': false, 'catalog-search': true, 'catalog-route': true });
    expect(r.goals.find((g) => g.id === 'peak-rss')!.measured).toBeCloseTo(260 / 150);
    const md = renderBenchmarksMarkdown(r, 'benchmarks.svg');
    expect(md).toContain('### Memory soak');
    expect(md).toContain('### Catalog scale');
    expect(md).toContain('| 9 Catalog | 100,000 products');
    expect(md).not.toContain('undefined');
  });

  it('fits the soak slope by least squares', () => {
    expect(slope([[0, 1], [1, 3], [2, 5]])).toBeCloseTo(2);
    expect(slope([[0, 5], [1, 5]])).toBe(0);
    expect(slope([[0, 5]])).toBe(0);
  });

  it('generates the same catalog every time, valid for the store schema, with the base products first', async () => {
    const words = await loadCatalogWords();
    const base = await loadBaseCatalog();
    const a = generateCatalog(words, base, 400);
    const b = generateCatalog(words, base, 400);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.catalog.products).toHaveLength(400);
    expect(a.catalog.products[0]).toEqual(base.products[0]);
    expect(new Set(a.catalog.products.map((p) => p.sku)).size).toBe(400);
    expect(new Set(a.catalog.products.map((p) => p.category)).size).toBeGreaterThan(50);
    expect(catalogSchema.safeParse(a.catalog).success).toBe(true);
    expect(a.queries.length).toBeGreaterThan(10);
  });

  it('reads JSON-shaped data files with JSON.parse, after header comments, and leaves YAML to the YAML parser', () => {
    expect(parseJsonShaped('# header\n# more\n{"a": [1, 2]}\n')).toEqual({ a: [1, 2] });
    expect(parseJsonShaped('[1]')).toEqual([1]);
    expect(parseJsonShaped('a: 1\n')).toBeUndefined();
    expect(parseJsonShaped('{a: 1}')).toBeUndefined();
    expect(parseJsonShaped('# only a comment')).toBeUndefined();
  });

  it('summarises a CPU profile by module and function, idle apart', () => {
    const file = pathToFileURL(path.resolve('src/http/x.ts')).href;
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 }, children: [2, 3] },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: 0 } },
        { id: 3, callFrame: { functionName: 'handle', url: file, lineNumber: 4 } },
      ],
      startTime: 0,
      endTime: 4000,
      samples: [2, 3, 3, 3],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    const s = summarizeProfile(profile);
    expect(s.idleMs).toBe(1);
    expect(s.modules[0]).toEqual({ name: 'src/http', selfMs: 3, share: 1 });
    expect(s.functions[0]!.name).toBe('handle src/http/x.ts:5');
    const section = profileSection(s, s, 3);
    expect(section!.memoryBusyMsPerTurn).toBe(1);
  });
});

describe('appStartFlags', () => {
  const pkg = (start: string) => JSON.stringify({ scripts: { start } });
  it('takes the node flags of the start command, leaving the loader to forkTs', () => {
    expect(appStartFlags(pkg('node --heap-growing-percent=30 --import tsx src/main.ts'))).toEqual(['--heap-growing-percent=30']);
    expect(appStartFlags(pkg('node --import tsx --max-semi-space-size=16 src/main.ts'))).toEqual(['--max-semi-space-size=16']);
  });
  it('gives none for a start command that is not node', () => {
    expect(appStartFlags(pkg('tsx src/main.ts'))).toEqual([]);
    expect(appStartFlags('{}')).toEqual([]);
  });
  it("is what this repository's npm start passes", () => {
    expect(appStartFlags()).toContain('--heap-growing-percent=30');
  });
});
