import { ownValue } from '../core/own-keys.js';
import { auto, fmt, times, usd } from './format.js';
import type { Table } from './render-table.js';
import type { BenchResults, Goal } from './results-schema.js';

type Sections = Omit<BenchResults, 'goals'>;

/** The issue's five goals, judged from the measured figures (met = null when the section did not run). */
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
    goal('router-speed', 'Local router throughput over nlp.js', '≥ 10×', '×', r.router?.localOverNlpjs, (v) => v >= 10),
    goal('hostile', 'CPU per message, worst hostile input over a typical message (router, offline, search, guard)', '≤ 3×', '×', r.hostile?.worstRatio, (v) => v <= 3),
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
      goalCell(g, 'router-speed'),
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
  return { title: 'Switchboard benchmark', headers: ['Section', 'Measure', 'Switchboard', 'Alternative', 'Ratio', 'Goal'], rows };
}

export function throughputTable(r: BenchResults): Table | null {
  if (!r.throughput) return null;
  return {
    title: `Throughput (autocannon, instant fake model, ${fmt(r.throughput.conversations)} conversations round-robin)`,
    headers: ['Target', 'Connections', 'Turns/s', 'p50 ms', 'p99 ms', 'Errors', 'Non-2xx', 'Timeouts', 'Peak RSS MB', 'Server CPU ms/turn', 'Turns/s per free core', 'Server cores', 'Load generator cores'],
    rows: r.throughput.runs.map((x) => [
      x.target,
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
