import { ownValue } from '../core/own-keys.js';
import { auto, fmt, times, usd } from './format.js';
import type { Table } from './render-table.js';
import type { BenchResults, Goal } from './results-schema.js';

type Sections = Omit<BenchResults, 'goals'>;

/** Issue 20.3: RSS may grow this much per minute of steady load and still count as flat (allocator and JIT noise). */
export const SOAK_GOAL_MB_PER_MIN = 2;

function peakRatio(r: Sections): number | null {
  const runs = r.throughput?.runs ?? [];
  const mem = runs.find((x) => x.target === 'memory' && x.connections === 64)?.peakRssMb;
  const floor = runs.find((x) => x.target === 'floor')?.peakRssMb;
  return mem && floor ? mem / floor : null;
}

/** Peak RSS of the app (memory store) and the floor after the same number of turns each (null: not run). */
function equalTurnsPeak(r: Sections): { turns: number; connections: number; memory: number; floor: number; ratio: number } | null {
  const e = r.throughput?.equalTurns;
  const mem = e?.runs.find((x) => x.target === 'memory');
  const floor = e?.runs.find((x) => x.target === 'floor');
  if (!e || !mem?.peakRssMb || !floor?.peakRssMb) return null;
  return { turns: e.turns, connections: mem.connections, memory: mem.peakRssMb, floor: floor.peakRssMb, ratio: mem.peakRssMb / floor.peakRssMb };
}

function largest(r: Sections) {
  const runs = r.catalog?.runs ?? [];
  return runs.length > 1 ? runs[runs.length - 1]! : null;
}

function largestLabel(r: Sections): string {
  const l = largest(r);
  return l ? fmt(l.products) : 'the largest catalog of';
}

/** The issue's goals, judged from the measured figures (met = null when the section did not run). */
export function evaluateGoals(r: Sections): Goal[] {
  const c64 = r.throughput?.runs.find((x) => x.target === 'memory' && x.connections === 64);
  const goal = (id: string, label: string, target: string, unit: string, measured: number | null | undefined, ok: (v: number) => boolean): Goal => {
    const m = measured === undefined || measured === null || !Number.isFinite(measured) ? null : measured;
    return { id, label, target, unit, measured: m, met: m === null ? null : ok(m) };
  };
  return [
    goal('overhead', 'Overhead over the floor at p50 (memory store)', '≤ 1.2×', '×', r.overhead?.memoryRatio.p50, (v) => v <= 1.2),
    goal('streaming', 'Model first token → first delta at the client, p50', '≤ 2 ms', 'ms', r.streaming?.switchboard.p50Ms, (v) => v <= 2),
    goal('throughput', 'Turns per second at concurrency 64 (memory store)', '≥ 1,000', 'turns/s', c64?.turnsPerSecond, (v) => v >= 1000),
    goal('model-calls', 'Model calls per turn on the HINT3 replay', '≤ 1.15', 'calls', r.cost?.switchboard.modelCallsPerTurn, (v) => v <= 1.15),
    goal('router-speed', 'Local router throughput over nlp.js (issue 8)', '≥ 10×', '×', r.router?.localOverNlpjs, (v) => v >= 10),
    goal('router-speed-scale', 'Local router throughput over nlp.js (issue 20)', '≥ 1.5×', '×', r.router?.localOverNlpjs, (v) => v >= 1.5),
    goal('hostile', 'CPU per message, worst hostile input over a typical message (router, offline, search, guard)', '≤ 3×', '×', r.hostile?.worstRatio, (v) => v <= 3),
    goal('overhead-redis', 'Overhead over the floor at p50 (Redis store)', '≤ 1.4×', '×', r.overhead?.redisRatio?.p50, (v) => v <= 1.4),
    goal('peak-rss', 'Peak RSS at concurrency 64 over the floor\'s (memory store)', '≤ 1.3×', '×', peakRatio(r), (v) => v <= 1.3),
    goal('soak', `RSS slope after warm-up in a ${r.soak ? Math.round(r.soak.durationSeconds) : '?'} s soak (memory store)`, `≤ ${SOAK_GOAL_MB_PER_MIN} MB/min`, 'MB/min', r.soak?.rssSlopeMbPerMin, (v) => v <= SOAK_GOAL_MB_PER_MIN),
    goal('catalog-start', `Start-up with ${largestLabel(r)} products, from process start`, '< 10 s', 's', largest(r) ? largest(r)!.coldStartMs / 1000 : null, (v) => v < 10),
    goal('catalog-search', `Product search p99 with ${largestLabel(r)} products`, '< 5 ms', 'ms', largest(r) ? largest(r)!.searchP99Us / 1000 : null, (v) => v < 5),
    goal('catalog-route', `Routing CPU per message with ${largestLabel(r)} products over the shipped store's`, '≤ 1.1× (no slower, within noise)', '×', r.catalog?.routeRatioLargest, (v) => v <= 1.1),
  ];
}

function goalCell(goals: readonly Goal[], id: string): string {
  const g = goals.find((x) => x.id === id);
  if (!g) return '';
  return `${g.target} ${g.met === null ? '(not run)' : g.met ? 'met' : 'MISSED'}`;
}

/** The one table the issue asks for: every section's headline figures, side by side with the alternative. */
export function summaryTable(r: BenchResults): Table {
  const rows: string[][] = [];
  const g = r.goals;
  if (r.router) {
    const x = r.router;
    rows.push([
      '1 Router',
      'classifications/s (p50 / p99)',
      `${fmt(x.local.perSecond)}/s (${auto(x.local.p50Us)} / ${auto(x.local.p99Us)} µs)`,
      `nlp.js ${fmt(x.nlpjs.perSecond)}/s (${auto(x.nlpjs.p50Us)} / ${auto(x.nlpjs.p99Us)} µs)`,
      times(x.localOverNlpjs),
      `${goalCell(g, 'router-speed-scale')}; ${goalCell(g, 'router-speed')}`,
    ]);
    rows.push([
      '1 Router',
      `wall time per 1,000 messages (${x.modelDelayMs} ms model, concurrency ${x.concurrency})`,
      `${auto(x.switchboard.per1000WallMs / 1000)} s`,
      `always-model ${auto(x.alwaysModel.per1000WallMs / 1000)} s${x.alwaysModel.extrapolated ? ` (extrapolated from ${x.alwaysModel.sample})` : ''}`,
      `${times(x.wallRatio)} faster`,
      '',
    ]);
    rows.push(['1 Router', 'model calls per 1,000 messages', fmt(x.switchboard.per1000ModelCalls), 'always-model 1,000', `${times(x.callsRatio)} fewer`, '']);
  }
  if (r.overhead) {
    const o = r.overhead;
    rows.push([
      '2 Overhead',
      'turn latency p50 / p99, memory store',
      `${auto(o.memory.p50Ms)} / ${auto(o.memory.p99Ms)} ms`,
      `floor ${auto(o.floor.p50Ms)} / ${auto(o.floor.p99Ms)} ms`,
      `${times(o.memoryRatio.p50)} / ${times(o.memoryRatio.p99)}`,
      goalCell(g, 'overhead'),
    ]);
    rows.push([
      '2 Overhead',
      'server CPU per turn, memory' + (o.cpuMsPerTurn.redis !== null ? ' / Redis' : ''),
      `${auto(o.cpuMsPerTurn.memory)}${o.cpuMsPerTurn.redis !== null ? ` / ${auto(o.cpuMsPerTurn.redis)}` : ''} ms`,
      `floor ${auto(o.cpuMsPerTurn.floor)} ms`,
      `${times(o.cpuRatio.memory)}${o.cpuRatio.redis !== null ? ` / ${times(o.cpuRatio.redis)}` : ''}`,
      '',
    ]);
    if (o.redis && o.redisRatio) {
      rows.push([
        '2 Overhead',
        'turn latency p50 / p99, Redis store',
        `${auto(o.redis.p50Ms)} / ${auto(o.redis.p99Ms)} ms`,
        `floor ${auto(o.floor.p50Ms)} / ${auto(o.floor.p99Ms)} ms`,
        `${times(o.redisRatio.p50)} / ${times(o.redisRatio.p99)}`,
        '',
      ]);
    }
  }
  if (r.streaming) {
    const s = r.streaming;
    rows.push([
      '3 Streaming',
      'model first token → first delta, p50 / p99',
      `${auto(s.switchboard.p50Ms)} / ${auto(s.switchboard.p99Ms)} ms`,
      `floor relay ${auto(s.floor.p50Ms)} / ${auto(s.floor.p99Ms)} ms`,
      `${s.addedOverFloorP50Ms !== null && s.addedOverFloorP50Ms >= 0 ? '+' : ''}${auto(s.addedOverFloorP50Ms)} ms`,
      goalCell(g, 'streaming'),
    ]);
  }
  if (r.throughput) {
    const t = r.throughput;
    const floor = t.runs.find((x) => x.target === 'floor');
    for (const kind of ['memory', 'redis'] as const) {
      const runs = t.runs.filter((x) => x.target === kind);
      if (!runs.length) continue;
      const top = runs[runs.length - 1]!;
      rows.push([
        '4 Throughput',
        `turns/s at c${runs.map((x) => x.connections).join('/c')}, ${kind} (errors, peak RSS)`,
        `${runs.map((x) => fmt(x.turnsPerSecond)).join(' / ')} (${runs.reduce((n, x) => n + x.errors + x.non2xx, 0)} errors, ${auto(Math.max(...runs.map((x) => x.peakRssMb ?? 0)))} MB)`,
        floor ? `floor c${floor.connections}: ${fmt(floor.turnsPerSecond)}/s` : '',
        floor ? times(top.turnsPerSecond / floor.turnsPerSecond) : '',
        kind === 'memory' ? goalCell(g, 'throughput') : '',
      ]);
    }
  }
  if (r.state) {
    for (const s of r.state.runs) {
      rows.push([
        '5 State',
        `${fmt(s.conversations)} conversations in ${s.store === 'memory' ? 'memory' : 'Redis'}: size; load one p50 / p99`,
        s.store === 'memory'
          ? `RSS ${auto(s.rssMb)} MB (+${auto(s.rssDeltaMb)}); ${auto(s.loadP50Us)} / ${auto(s.loadP99Us)} µs`
          : `Redis +${auto(s.redisUsedMemoryDeltaMb)} MB (${fmt(s.redisKeyBytesPerConversation)} B each); ${auto(s.loadP50Us)} / ${auto(s.loadP99Us)} µs`,
        '',
        '',
        '',
      ]);
    }
  }
  if (r.cost) {
    const c = r.cost;
    rows.push([
      '6 Cost',
      `model calls per turn (HINT3 replay, ${fmt(c.turns)} turns)`,
      `${fmt(c.switchboard.modelCallsPerTurn, 4)} (router ${fmt(c.switchboard.routerCallsPerTurn, 4)})`,
      `model-first ${auto(c.modelFirst.modelCallsPerTurn)}`,
      times(c.modelFirst.modelCallsPerTurn / c.switchboard.modelCallsPerTurn) + ' fewer',
      goalCell(g, 'model-calls'),
    ]);
    rows.push([
      '6 Cost',
      `$ per 1,000 turns (in ${c.prices.input} / cached ${c.prices.cachedInput} / out ${c.prices.output} per 1M)`,
      usd(c.switchboard.usdPer1000Turns),
      `model-first ${usd(c.modelFirst.usdPer1000Turns)}`,
      times(c.modelFirst.usdPer1000Turns / c.switchboard.usdPer1000Turns) + ' cheaper',
      '',
    ]);
  }
  if (r.soak) {
    const k = r.soak;
    rows.push([
      '8 Memory',
      `RSS over a ${fmt(k.durationSeconds)} s soak, c${k.connections}, conversations of ${k.turnsPerConversation} turns`,
      `${auto(k.rssStartMb)} → ${auto(k.rssEndMb)} MB, ${k.rssSlopeMbPerMin >= 0 ? '+' : ''}${auto(k.rssSlopeMbPerMin)} MB/min (${fmt(k.turns)} turns)`,
      '',
      '',
      goalCell(g, 'soak'),
    ]);
  }
  const pr = peakRatio(r);
  if (pr !== null) {
    const runs = r.throughput!.runs;
    rows.push([
      '8 Memory',
      'peak RSS at c64, memory store',
      `${auto(runs.find((x) => x.target === 'memory' && x.connections === 64)?.peakRssMb)} MB`,
      `floor ${auto(runs.find((x) => x.target === 'floor')?.peakRssMb)} MB`,
      times(pr),
      goalCell(g, 'peak-rss'),
    ]);
  }
  const eq = equalTurnsPeak(r);
  if (eq) {
    rows.push(['8 Memory', `peak RSS at c${eq.connections} after ${fmt(eq.turns)} turns each (fresh processes)`, `${auto(eq.memory)} MB`, `floor ${auto(eq.floor)} MB`, times(eq.ratio), '']);
  }
  if (r.catalog) {
    const base = r.catalog.runs[0];
    for (const c of r.catalog.runs.slice(1)) {
      rows.push([
        '9 Catalog',
        `${fmt(c.products)} products: start (from process start); search p50 / p99`,
        `${auto(c.startMs / 1000)} s (${auto(c.coldStartMs / 1000)} s); ${auto(c.searchP50Us / 1000)} / ${auto(c.searchP99Us / 1000)} ms`,
        base ? `shipped ${fmt(base.products)}: ${auto(base.startMs / 1000)} s (${auto(base.coldStartMs / 1000)} s); ${auto(base.searchP50Us / 1000)} / ${auto(base.searchP99Us / 1000)} ms` : '',
        c.routePairedRatio != null ? `route ${times(c.routePairedRatio)} (paired)` : base ? `route ${times(c.routeUsPerMessage / base.routeUsPerMessage)}` : '',
        c === r.catalog.runs[r.catalog.runs.length - 1] ? `${goalCell(g, 'catalog-start')}; ${goalCell(g, 'catalog-search')}` : '',
      ]);
    }
  }
  return { title: 'Switchboard benchmark', headers: ['Section', 'Measure', 'Switchboard', 'Alternative', 'Ratio', 'Goal'], rows };
}

export function throughputTable(r: BenchResults): Table | null {
  if (!r.throughput) return null;
  return {
    title: `Throughput (autocannon, instant fake model, ${fmt(r.throughput.conversations)} conversations round-robin${r.throughput.equalTurns ? `; rows "N turns": a fresh process serving exactly N turns, for peak RSS at equal work` : ''})`,
    headers: ['Target', 'Connections', 'Turns/s', 'p50 ms', 'p99 ms', 'Errors', 'Non-2xx', 'Timeouts', 'Peak RSS MB', 'Server CPU ms/turn', 'Turns/s per free core', 'Server cores', 'Load generator cores'],
    rows: [...r.throughput.runs, ...(r.throughput.equalTurns?.runs ?? [])].map((x) => [
      r.throughput?.equalTurns?.runs.includes(x) ? `${x.target}, ${fmt(r.throughput.equalTurns.turns)} turns` : x.target,
      String(x.connections),
      fmt(x.turnsPerSecond, 1),
      auto(x.p50Ms),
      auto(x.p99Ms),
      String(x.errors),
      String(x.non2xx),
      String(x.timeouts),
      auto(x.peakRssMb),
      auto(x.cpuMsPerTurn),
      x.cpuMsPerTurn ? fmt(1000 / x.cpuMsPerTurn) : 'n/a',
      auto(x.serverCores),
      auto(x.loadGeneratorCores),
    ]),
  };
}

export function stateTable(r: BenchResults): Table | null {
  if (!r.state) return null;
  return {
    title: 'Scale of state (one customer message and one bot reply per conversation)',
    headers: ['Store', 'Conversations', 'Fill ms', 'Process RSS MB (+delta)', 'Redis used_memory +MB', 'Redis B/conversation', 'Load p50 µs', 'Load p99 µs'],
    rows: r.state.runs.map((s) => [
      s.store,
      fmt(s.conversations),
      fmt(s.fillMs),
      `${auto(s.rssMb)} (+${auto(s.rssDeltaMb)})`,
      auto(s.redisUsedMemoryDeltaMb),
      fmt(s.redisKeyBytesPerConversation),
      auto(s.loadP50Us),
      auto(s.loadP99Us),
    ]),
  };
}

export function costTable(r: BenchResults): Table | null {
  if (!r.cost) return null;
  const c = r.cost;
  return {
    title: `Tokens and cost per skill (${c.tokenizer}; completion tokens estimated from each skill's demonstrated replies)`,
    headers: ['Skill', 'Turns', 'Share', 'Prompt tokens', 'Cached prefix', 'Completion (est.)', 'Skill calls/turn', '$ per 1,000 turns'],
    rows: [
      ...c.skills.map((s) => [s.skill, fmt(s.turns), `${fmt(s.share * 100, 1)}%`, fmt(s.promptTokens), fmt(s.cachedPrefixTokens), fmt(s.completionTokens), auto(s.skillCallsPerTurn), usd(s.usdPerTurn * 1000)]),
      ['(router model call)', fmt(c.router.calls) + ' calls', '', fmt(c.router.promptTokens), fmt(c.router.cachedPrefixTokens), fmt(c.router.completionTokens), '', `${usd(c.router.usdPerCall * 1000)} per 1,000 calls`],
    ],
  };
}

export function goalsTable(r: BenchResults): Table {
  return {
    title: 'Goals',
    headers: ['Goal', 'Target', 'Measured', 'Result'],
    // Enough digits that a figure just over its target (1.1505 vs 1.15) does not print as the target itself.
    rows: r.goals.map((g) => [g.label, g.target, g.measured === null ? 'n/a' : `${g.unit === 'calls' ? fmt(g.measured, 4) : auto(g.measured)} ${g.unit}`, g.met === null ? 'not run' : g.met ? 'met' : 'MISSED']),
  };
}

/** Issue 14: each hostile input's CPU per message over a typical message's, per step. */
export function hostileTable(r: BenchResults): Table | null {
  const h = r.hostile;
  if (!h) return null;
  const targets = h.targets.map((t) => t.target);
  return {
    title: `Hostile input: CPU per message over a typical one (typical: ${h.targets.map((t) => `${t.target} ${auto(t.typicalUs)} µs`).join(', ')}; goal ≤ ${h.goalRatio}×)`,
    headers: ['Input', 'Chars', ...targets],
    rows: [
      ...h.inputs.map((i) => [i.name, fmt(i.chars), ...targets.map((t) => `${fmt(ownValue(i.ratio, t) ?? 0, 2)}× (${auto(ownValue(i.us, t) ?? 0)} µs)`)]),
      ['worst', '', ...h.targets.map((t) => `${fmt(t.worstRatio, 2)}×`)],
    ],
  };
}

/** Issue 20.3: the soak's RSS and heap, a row every few samples. */
export function soakTable(r: BenchResults): Table | null {
  const k = r.soak;
  if (!k) return null;
  const every = Math.max(1, Math.ceil(k.samples.length / 12));
  return {
    title: `Memory soak (${k.store} store, c${k.connections}, ${fmt(k.durationSeconds)} s, ${fmt(k.turns)} turns in ${fmt(k.conversations)} conversations, ${k.errors} errors; RSS slope ${auto(k.rssSlopeMbPerMin)} MB/min, heap ${auto(k.heapSlopeMbPerMin)} MB/min after ${fmt(k.warmupSeconds)} s; peak ${auto(k.peakRssMb)} MB)`,
    headers: ['Seconds', 'RSS MB', 'Heap used MB'],
    rows: k.samples.filter((_, i) => i % every === 0 || i === k.samples.length - 1).map(([t, rss, heap]) => [fmt(t), auto(rss), auto(heap)]),
  };
}

/** Issue 20.4: every catalog size side by side with the shipped store. */
export function catalogTable(r: BenchResults): Table | null {
  const c = r.catalog;
  if (!c) return null;
  return {
    title: `Catalog scale (${c.queries} search queries, routing over ${c.messages} messages)`,
    headers: ['Catalog', 'Products', 'Categories', 'File MB', 'store:import ms', 'Load ms', 'Block YAML load ms', 'start() ms', 'From process start ms', 'Router training ms', 'Search p50 µs', 'Search p99 µs', 'First pass p50 / p99 µs', 'Route µs/message', 'Route vs shipped (paired)', 'RSS MB', 'Heap MB'],
    rows: c.runs.map((x) => [
      x.size,
      fmt(x.products),
      fmt(x.categories),
      auto(x.fileMb),
      x.importMs === null || x.importMs === undefined ? 'n/a' : fmt(x.importMs),
      fmt(x.loadMs),
      x.yamlLoadMs === null ? 'n/a' : fmt(x.yamlLoadMs),
      fmt(x.startMs),
      fmt(x.coldStartMs),
      auto(x.trainMs),
      auto(x.searchP50Us),
      auto(x.searchP99Us),
      `${auto(x.searchFirstP50Us)} / ${auto(x.searchFirstP99Us)}`,
      auto(x.routeUsPerMessage),
      x.routePairedRatio == null ? 'n/a' : times(x.routePairedRatio),
      auto(x.rssMb),
      auto(x.heapUsedMb),
    ]),
  };
}

/** Issue 20.1: where the app's time per turn goes, by module, next to the floor's (profiled window). */
export function profileTable(r: BenchResults): Table | null {
  const p = r.overhead?.profile;
  if (!p) return null;
  return {
    title: `Where a turn's time goes: self time per turn by module, app (memory store) vs floor, over ${fmt(p.turns)} profiled turns each (busy ${auto(p.memoryBusyMsPerTurn)} vs ${auto(p.floorBusyMsPerTurn)} ms per turn; sampled, so a process waiting for the CPU counts too)`,
    headers: ['Module', 'App ms/turn', 'Floor ms/turn', 'Extra ms/turn'],
    rows: p.modules.map((m) => [m.name, auto(m.memoryMsPerTurn), auto(m.floorMsPerTurn), auto(m.memoryMsPerTurn - m.floorMsPerTurn)]),
  };
}

export function profileFunctionsTable(r: BenchResults): Table | null {
  const p = r.overhead?.profile;
  if (!p) return null;
  return {
    title: 'The app\'s top functions by self time per turn (same profile)',
    headers: ['Function', 'ms/turn'],
    rows: p.functions.map((f) => [f.name, auto(f.memoryMsPerTurn)]),
  };
}
