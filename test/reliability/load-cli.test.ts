import { describe, expect, it } from 'vitest';
import { parseLoadArgs } from '../../src/cli/load-args.js';
import { formatLoadReport, summariseSoak } from '../../src/cli/load-report.js';
import type { PhaseResult } from '../../src/cli/load-run.js';
import type { MemorySample } from '../../src/cli/load-target.js';

/** The parts of `npm run load` that decide: its options and the soak's flat-memory verdict. */

const phase: PhaseResult = {
  connections: 16,
  seconds: 120,
  requests: 1000,
  ok: 1000,
  throughputRps: 8.3,
  latencyMs: { p50: 10, p97_5: 20, p99: 30, max: 40 },
  non2xx: 0,
  statuses: { 200: 1000 },
  busy: 0,
  errors: 0,
  timeouts: 0,
};

/** A heap sawtooth (garbage collected every 15 s) whose floor rises by `floorGrowthMbPerMin`. */
function sawtooth(floorGrowthMbPerMin: number, rssGrowthMbPerMin = 0): MemorySample[] {
  const out: MemorySample[] = [];
  for (let t = 0; t <= 120; t += 3) {
    const floor = 150 + (floorGrowthMbPerMin * t) / 60;
    out.push({ t, heapUsedMb: floor + ((t % 15) / 15) * 280, rssMb: 700 + (rssGrowthMbPerMin * t) / 60 + (t < 30 ? -200 + t * 6 : 0) });
  }
  return out;
}

describe('soak verdict', () => {
  it('a sawtooth heap with a steady floor and a warm-up rise of RSS is flat', () => {
    const soak = summariseSoak(phase, sawtooth(0));
    expect(soak.heapFloorMb).toHaveLength(3);
    expect(Math.abs(soak.heapFloorGrowthMb)).toBeLessThan(1);
    expect(soak.flat).toBe(true);
  });

  it('a rising heap floor (a leak) is not flat, however large the sawtooth', () => {
    const soak = summariseSoak(phase, sawtooth(15));
    expect(soak.heapFloorGrowthMb).toBeGreaterThan(10);
    expect(soak.flat).toBe(false);
  });

  it('RSS that keeps rising after warm-up is not flat', () => {
    expect(summariseSoak(phase, sawtooth(0, 30)).flat).toBe(false);
  });

  it('too few samples cannot show flat memory', () => {
    expect(summariseSoak(phase, sawtooth(0).slice(0, 3)).flat).toBe(false);
  });

  it('the text report names every figure', () => {
    const text = formatLoadReport({
      store: 'redis',
      conversations: 200,
      levels: [{ ...phase, rssMb: { before: 300, peak: 320 } }],
      soak: summariseSoak(phase, sawtooth(0)),
      exitCode: 0,
    });
    for (const s of ['turns/s', 'p97.5', 'p99', 'RSS', 'heap floor', 'flat', 'exit code']) expect(text).toContain(s);
  });
});

describe('load options', () => {
  it('reads levels, seconds, soak and faults', () => {
    expect(parseLoadArgs(['--json', '--levels', '2,8', '--seconds', '3', '--soak-seconds', '120', '--faults'])).toMatchObject({
      json: true,
      levels: [2, 8],
      seconds: 3,
      soakSeconds: 120,
      faults: true,
      store: 'redis',
    });
    expect(parseLoadArgs([])).toMatchObject({ levels: [1, 16, 64], soakSeconds: 0, faults: false });
  });

  it('refuses unknown options, bad numbers and faults without Redis, naming the problem', () => {
    expect(() => parseLoadArgs(['--soak'])).toThrow(/unknown option "--soak"/);
    expect(() => parseLoadArgs(['--levels', '1,x'])).toThrow(/--levels/);
    expect(() => parseLoadArgs(['--levels', '0'])).toThrow(/--levels/);
    expect(() => parseLoadArgs(['--soak-seconds', '-5'])).toThrow(/--soak-seconds/);
    expect(() => parseLoadArgs(['--faults', '--store', 'memory'])).toThrow(/--faults .* --store redis/);
  });
});
