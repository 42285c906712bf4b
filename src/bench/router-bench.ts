import path from 'node:path';
import { trainNlpjsBaseline } from '../cli/eval-nlpjs.js';
import { loadShippedSkillSet } from '../cli/shipped-skill-set.js';
import { parseEnv } from '../config/config.js';
import { silentLogger } from '../core/logger.js';
import { OUT_OF_SCOPE, type SkillSet } from '../core/skill.js';
import { createModelFromEnv } from '../model/model-from-env.js';
import { createRouter } from '../router/create-router.js';
import { createModelRouter } from '../router/model-router.js';
import { examplesOf } from '../router/router-prompt.js';
import { startFakeOpenAIServer } from '../../test/fakes/fake-openai-server.js';
import { REPO_ROOT } from './child.js';
import { mapPool, spreadSample, type EvalMessage } from './eval-messages.js';
import type { RouterSection } from './results-schema.js';
import { round, ratio, summarize } from './stats.js';

export interface RouterBenchOptions {
  messages: EvalMessage[];
  files: string[];
  threshold: number;
  modelDelayMs: number;
  concurrency: number;
  /** Messages sent to the always-model router (the rest is extrapolated). */
  alwaysSample: number;
  /** Each local measurement loops over the messages for at least this long. */
  minSeconds: number;
  log: (line: string) => void;
}

export function loadBenchSkillSet(): Promise<SkillSet> {
  return loadShippedSkillSet({ skillsDir: path.join(REPO_ROOT, 'skills'), promptsDir: path.join(REPO_ROOT, 'prompts') });
}

type Timing = { perSecond: number; p50Us: number; p99Us: number };

/**
 * Times each of `fns` on every message, one pass over the messages at a time and the
 * functions taking turns (the order reversed every other round), until each has run for
 * `minSeconds`: throughput and per-call latency. Taking turns puts every function under the
 * same load; timed one after the other (seconds apart), the other processes of a shared
 * machine moved the ratio between two runs from 1.29x to 1.44x. Throughput is messages per
 * second of the process's CPU time (process.cpuUsage), the median over passes: on a shared
 * machine, wall time also counts the time other processes held the CPU, which moved single
 * runs by 2x; latency (p50, p99) is wall time per call.
 */
async function timeInterleaved(texts: readonly string[], minSeconds: number, fns: ReadonlyArray<(text: string) => unknown>): Promise<Timing[]> {
  const samples = fns.map((): number[] => []);
  const rates = fns.map((): number[] => []);
  const elapsed = fns.map(() => 0);
  for (let round = 0; elapsed.some((e) => e < minSeconds); round++) {
    for (let j = 0; j < fns.length; j++) {
      const f = round % 2 === 0 ? j : fns.length - 1 - j;
      const fn = fns[f]!;
      const out = samples[f]!;
      const started = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      for (const text of texts) {
        const t0 = process.hrtime.bigint();
        const r = fn(text);
        if (r instanceof Promise) await r;
        out.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
      const cpu = process.cpuUsage(cpu0);
      rates[f]!.push(texts.length / Math.max(1e-6, (cpu.user + cpu.system) / 1e6));
      elapsed[f] = elapsed[f]! + Number(process.hrtime.bigint() - started) / 1e9;
    }
  }
  return samples.map((all, f) => {
    const s = summarize(all);
    return { perSecond: round(summarize(rates[f]!).p50, 1) ?? 0, p50Us: round(s.p50, 2) ?? 0, p99Us: round(s.p99, 2) ?? 0 };
  });
}

/**
 * Section 1: the local router against nlp.js (both trained on the shipped routing
 * examples), and Switchboard's routing ladder (local first, the model only below the
 * threshold) against a router that asks a slow fake model (fixed delay) about every message.
 */
export async function runRouterBench(opts: RouterBenchOptions): Promise<RouterSection> {
  const set = await loadBenchSkillSet();
  const texts = opts.messages.map((m) => m.text);
  const examples = examplesOf(set);
  const local = createRouter({ skills: set, model: null, threshold: opts.threshold, logger: silentLogger });
  const nlp = await trainNlpjsBaseline(examples, OUT_OF_SCOPE);
  // Warm the JIT on training examples (never on the test data), as the eval does.
  for (const s of examples) for (const e of s.examples.slice(0, 60)) local.classify(e);
  for (const s of examples) for (const e of s.examples.slice(0, 60)) await nlp.classify(e);
  const ctx = { activeSkill: null, unclearStreak: 0 };
  const [classify, route, nlpjs] = (await timeInterleaved(texts, opts.minSeconds, [
    (t) => local.classify(t),
    (t) => local.route(t, { ...ctx }),
    (t) => nlp.classify(t),
  ])) as [Timing, Timing, Timing];
  opts.log(`  local classify ${classify.perSecond}/s (p50 ${classify.p50Us} µs), route ${route.perSecond}/s`);
  opts.log(`  nlp.js ${nlpjs.perSecond}/s (p50 ${nlpjs.p50Us} µs)`);

  const fake = await startFakeOpenAIServer({
    delayMs: opts.modelDelayMs,
    record: false,
    fallback: { kind: 'json', value: { skill: OUT_OF_SCOPE, confidence: 0.9, reason: 'fake model' } },
  });
  try {
    const env = parseEnv({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'x', MODEL_MAX_CONCURRENCY: String(opts.concurrency), MODEL_MAX_RETRIES: '0' });
    const { client } = createModelFromEnv(env, { logger: silentLogger });
    if (!client) throw new Error('no model client');
    const ladder = createRouter({ skills: set, model: client, threshold: opts.threshold, logger: silentLogger });
    let started = performance.now();
    await mapPool(texts, opts.concurrency, (t) => ladder.route(t, { ...ctx }));
    const sbWall = performance.now() - started;
    const sbCalls = fake.count;
    opts.log(`  switchboard router, ${opts.modelDelayMs} ms model: ${texts.length} messages in ${Math.round(sbWall)} ms, ${sbCalls} model calls`);

    fake.reset();
    const always = createModelRouter({ model: client, prompt: set.router, skills: local.info().skills, logger: silentLogger });
    const sample = spreadSample(texts, opts.alwaysSample);
    const perCall: number[] = [];
    started = performance.now();
    await mapPool(sample, opts.concurrency, async (t) => {
      const t0 = performance.now();
      await always.route(t, { ...ctx });
      perCall.push(performance.now() - t0);
    });
    const alwaysWall = performance.now() - started;
    const s = summarize(perCall);
    opts.log(`  always-model router: ${sample.length} messages in ${Math.round(alwaysWall)} ms (${fake.count} calls)`);

    const sbPer1000 = (sbWall / texts.length) * 1000;
    const alwaysPer1000 = (alwaysWall / sample.length) * 1000;
    const sbCallsPer1000 = (sbCalls / texts.length) * 1000;
    return {
      messages: texts.length,
      files: opts.files,
      threshold: opts.threshold,
      local: classify,
      localRoute: route,
      nlpjs,
      modelDelayMs: opts.modelDelayMs,
      concurrency: opts.concurrency,
      switchboard: {
        messages: texts.length,
        modelCalls: sbCalls,
        wallMs: round(sbWall, 1) ?? 0,
        per1000WallMs: round(sbPer1000, 1) ?? 0,
        per1000ModelCalls: round(sbCallsPer1000, 1) ?? 0,
      },
      alwaysModel: {
        sample: sample.length,
        wallMs: round(alwaysWall, 1) ?? 0,
        p50Ms: round(s.p50, 2) ?? 0,
        p99Ms: round(s.p99, 2) ?? 0,
        per1000WallMs: round(alwaysPer1000, 1) ?? 0,
        per1000ModelCalls: 1000,
        extrapolated: sample.length < 1000,
      },
      localOverNlpjs: round(ratio(classify.perSecond, nlpjs.perSecond) ?? Number.NaN, 2),
      wallRatio: round(ratio(alwaysPer1000, sbPer1000) ?? Number.NaN, 2),
      callsRatio: round(ratio(1000, sbCallsPer1000) ?? Number.NaN, 2),
    };
  } finally {
    await fake.close();
  }
}
