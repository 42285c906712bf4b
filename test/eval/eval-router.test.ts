import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRouterEvalArgs, replayCase, runRouterEval, UsageError, type RouterEvalOptions } from '../../src/cli/eval-router.js';
import { scriptedRouter } from './scripted-router.js';

const tiny = fileURLToPath(new URL('./fixtures/tiny.jsonl', import.meta.url));
const SKILLS = [
  { skill: 'product_recommendation', examples: ['which blender should I buy', 'recommend a mattress for back pain', 'best running shoes'] },
  { skill: 'returns', examples: ['I want to return my order', 'how do I get a refund', 'cancel my order'] },
  { skill: 'warranty', examples: ['my kettle stopped working', 'is it under warranty', 'can you repair my laptop'] },
  { skill: 'other', examples: ['where is my parcel', 'what is the weather', 'talk to a human'] },
];
// Answers for every text in tiny.jsonl; see the hand computation below.
const SCRIPT = {
  a1: { skill: 'product_recommendation', confidence: 0.9 },
  a2: { skill: 'returns', confidence: 0.6 },
  b1: { skill: 'returns', confidence: 0.8 },
  c1: { skill: 'other', confidence: 0.95 },
  c2: { skill: 'product_recommendation', confidence: 0.7 },
  t1: { skill: 'warranty', confidence: 0.55 },
  t2: { skill: 'warranty', confidence: 0.85 },
};

function options(over: Partial<RouterEvalOptions> = {}): RouterEvalOptions {
  return { data: [tiny], train: [], baseline: null, threshold: 0.75, json: true, errors: false, modelRouter: false, skillsDir: 'skills', promptsDir: 'prompts', ...over };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, deps: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('npm run eval -- router', () => {
  it('computes the hand-checked figures for tiny.jsonl', async () => {
    const io = capture();
    const report = await runRouterEval(options(), { ...io.deps, skills: SKILLS, router: scriptedRouter(SCRIPT) });
    const m = report.overall;
    // 6 valid cases; right: a1, b1, c1, t1->t2 (warranty). Wrong: a2 (-> returns), c2 (-> product).
    expect(m.n).toBe(6);
    expect(m.accuracy).toBeCloseTo(4 / 6, 10);
    // product P 1/2 R 1/2; returns P 1/2 R 1; warranty 1/1; other P 1 R 1/2.
    expect(m.per_label.product_recommendation).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.per_label.returns!.f1).toBeCloseTo(2 / 3, 10);
    expect(m.per_label.warranty).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(m.per_label.other!.f1).toBeCloseTo(2 / 3, 10);
    expect(m.macro_f1).toBeCloseTo((0.5 + 2 / 3 + 1 + 2 / 3) / 4, 10);
    expect(m.confusion).toEqual({
      product_recommendation: { product_recommendation: 1, returns: 1, warranty: 0, other: 0 },
      returns: { product_recommendation: 0, returns: 1, warranty: 0, other: 0 },
      warranty: { product_recommendation: 0, returns: 0, warranty: 1, other: 0 },
      other: { product_recommendation: 1, returns: 0, warranty: 0, other: 1 },
    });
    // Confident at 0.75: a1 0.9, b1 0.8, c1 0.95, t2 0.85 -> 4/6, all right.
    expect(m.coverage).toBeCloseTo(4 / 6, 10);
    expect(m.covered_accuracy).toBe(1);
    // Bins: 0.6 wrong (0.6), 0.7 wrong (0.7), 0.8+0.85 right (0.35), 0.9+0.95 right (0.15); / 6.
    expect(m.ece).toBeCloseTo((0.6 + 0.7 + 0.35 + 0.15) / 6, 10);
    expect(report.skipped).toBe(4);
    expect(io.err.filter((l) => l.startsWith('tiny.jsonl:')).map((l) => l.split(': ')[0])).toEqual([
      'tiny.jsonl:6',
      'tiny.jsonl:7',
      'tiny.jsonl:10',
      'tiny.jsonl:11',
    ]);
  });

  it('replays the earlier turns first, carrying the active skill like the engine', async () => {
    const router = scriptedRouter(SCRIPT);
    await runRouterEval(options(), { ...capture().deps, skills: SKILLS, router });
    const t1 = router.calls.find((c) => c.text === 't1')!;
    const t2 = router.calls.find((c) => c.text === 't2')!;
    expect(t1.ctx).toMatchObject({ activeSkill: null, unclearStreak: 0 });
    expect(t2.ctx).toMatchObject({ activeSkill: 'warranty', unclearStreak: 0, previousTurn: { customer: 't1' } });
  });

  it('routes each turn in its detected language, else the language the turn before had, like the engine', async () => {
    const router = scriptedRouter({ 'Uhren mit GPS': { skill: 'product_recommendation', confidence: 0.9 }, ok: { skill: 'product_recommendation', confidence: 0.9 } });
    await replayCase(router, ['Uhren mit GPS', 'ok'], (text) => (text === 'ok' ? null : 'de'));
    expect(router.calls.map((c) => c.ctx.language)).toEqual(['de', 'de']);
  });

  it('replays a multi-turn case through the engine: a follow-up pointing back at the items shown stays, a topic shift leaves', async () => {
    const data = fileURLToPath(new URL('./fixtures/follow-ups.jsonl', import.meta.url));
    const io = capture();
    const report = await runRouterEval(options({ data: [data], threshold: 0.9, errors: true }), io.deps);
    // The router alone sends "how much is the second one" to other: the engine holds it with the
    // skill that listed the kettles, as a customer's turn is held.
    expect(report.overall.accuracy, io.err.join('\n')).toBe(1);
    expect(report.methods.sticky).toBe(1);
  }, 60_000);

  it('our own es/de/fr routing set for every skill (skills/_store/eval/routing-languages.jsonl): synonym keys in other forms reach the product route', async () => {
    const data = fileURLToPath(new URL('../../skills/_store/eval/routing-languages.jsonl', import.meta.url));
    const report = await runRouterEval(options({ data: [data], threshold: 0.9 }), capture().deps);
    // 23 of 30 before the router read synonym keys (issue 16), 28 after.
    expect(report.overall.n).toBe(30);
    expect(report.overall.accuracy).toBeGreaterThanOrEqual(27 / 30);
  }, 60_000);

  it('--json prints one object with the documented keys as the last line, with files and baseline', async () => {
    const io2 = capture();
    const second = fileURLToPath(new URL('./fixtures/tiny-multi.jsonl', import.meta.url));
    await runRouterEval(options({ data: [tiny, second], baseline: 'nlpjs' }), { ...io2.deps, skills: SKILLS, router: scriptedRouter(SCRIPT) });
    const last = JSON.parse(io2.out[io2.out.length - 1]!);
    for (const k of ['n', 'accuracy', 'macro_f1', 'per_label', 'confusion', 'latency_us', 'coverage', 'covered_accuracy', 'ece', 'skipped', 'baseline', 'files']) {
      expect(last).toHaveProperty(k);
    }
    expect(Object.keys(last.latency_us)).toEqual(['p50', 'p99']);
    expect(last.baseline).toMatchObject({ name: 'nlpjs' });
    expect(Object.keys(last.baseline).sort()).toEqual(['accuracy', 'latency_us', 'macro_f1', 'name']);
    expect(Object.keys(last.files)).toEqual(['tiny.jsonl', 'tiny-multi.jsonl']);
    expect(last.files['tiny.jsonl']).toMatchObject({ n: 6, skipped: 4 });
    expect(last.files['tiny-multi.jsonl']).toMatchObject({ n: 2, skipped: 0 });
    expect(last.n).toBe(8);
    expect(last.skipped).toBe(4);
    // With --json the human-readable report goes to stderr, so stdout is just the JSON line.
    expect(io2.out).toHaveLength(1);
  });

  it('reports the share of routed turns that would ask the model router', async () => {
    const io = capture();
    // Unsure below 0.75: a2 (0.6), c2 (0.7), t1 (0.55) -> 3 of the 7 routed turns (t1 and t2 both count).
    const router = { ...scriptedRouter(SCRIPT), needsModel: (text: string) => SCRIPT[text as keyof typeof SCRIPT].confidence < 0.75 };
    await runRouterEval(options(), { ...io.deps, skills: SKILLS, router });
    const last = JSON.parse(io.out[io.out.length - 1]!);
    expect(last.model_share).toBeCloseTo(3 / 7, 4);
    expect(io.err.join('\n')).toMatch(/would ask the model router\s+42\.9% of routed messages/);
    // A router that cannot tell reports no share rather than a made-up zero.
    const io2 = capture();
    await runRouterEval(options(), { ...io2.deps, skills: SKILLS, router: scriptedRouter(SCRIPT) });
    expect(JSON.parse(io2.out[io2.out.length - 1]!)).not.toHaveProperty('model_share');
  });

  it('--errors lists the misrouted messages with their line numbers', async () => {
    const io = capture();
    await runRouterEval(options({ json: false, errors: true }), { ...io.deps, skills: SKILLS, router: scriptedRouter(SCRIPT) });
    const text = io.out.join('\n');
    expect(text).toMatch(/misrouted in tiny\.jsonl: 2/);
    expect(text).toMatch(/line 2: product_recommendation -> returns \(0\.60, local\) "a2"/);
    expect(text).toMatch(/line 5: other -> product_recommendation \(0\.70, local\) "c2"/);
  });

  it('names a data file it cannot read', async () => {
    const missing = tiny.replace('tiny.jsonl', 'no-such-file.jsonl');
    await expect(runRouterEval(options({ data: [missing] }), { ...capture().deps, skills: SKILLS, router: scriptedRouter(SCRIPT) })).rejects.toThrow(
      /cannot read .*no-such-file\.jsonl: ENOENT/,
    );
  });

  it('--seeds retrains in other example orders and reports the accuracy of each file per run, the shipped run first', async () => {
    const customer = fileURLToPath(new URL('./fixtures/held-out/customer.jsonl', import.meta.url));
    const io = capture();
    const report = await runRouterEval(options({ data: [tiny, customer], json: false, seeds: 3 }), { ...io.deps, skills: SKILLS });
    expect(Object.keys(report.seeds!)).toEqual(['tiny.jsonl', 'customer.jsonl', 'overall']);
    for (const xs of Object.values(report.seeds!)) {
      expect(xs).toHaveLength(3);
      for (const x of xs) expect(x).toBeGreaterThanOrEqual(0);
    }
    expect(report.seeds!['tiny.jsonl']![0]).toBe(report.files['tiny.jsonl']!.accuracy);
    expect(report.seeds!.overall![0]).toBe(report.overall.accuracy);
    expect(io.out.some((l) => l.startsWith('accuracy over 3 training seeds'))).toBe(true);
    expect(io.out.some((l) => /^ {2}customer\.jsonl +shipped \d\.\d{3} {2}mean \d\.\d{3} {2}min \d\.\d{3} {2}max \d\.\d{3}$/.test(l))).toBe(true);
  }, 30_000);

  it('--seeds is ignored, and says so, when the router is given rather than trained', async () => {
    const io = capture();
    const report = await runRouterEval(options({ json: false, seeds: 3 }), { ...io.deps, skills: SKILLS, router: scriptedRouter(SCRIPT) });
    expect(report.seeds).toBeUndefined();
    expect(io.out).toContain('--seeds: ignored, the router was given rather than trained here');
  });

  it('validates its arguments', () => {
    expect(() => parseRouterEvalArgs(['--data', 'x', '--seeds', '0'])).toThrow(/--seeds/);
    expect(() => parseRouterEvalArgs(['--data', 'x', '--seeds', '2.5'])).toThrow(/--seeds/);
    expect(() => parseRouterEvalArgs(['--data', 'x', '--seeds', '21'])).toThrow(/--seeds/);
    expect(parseRouterEvalArgs(['--data', 'x', '--seeds', '4']).seeds).toBe(4);
    expect(parseRouterEvalArgs(['--data', 'x']).seeds).toBe(1);
    expect(() => parseRouterEvalArgs([])).toThrow(UsageError);
    expect(() => parseRouterEvalArgs(['--data', 'x', '--threshold', '2'])).toThrow(/--threshold/);
    expect(() => parseRouterEvalArgs(['--data', 'x', '--baseline', 'rasa'])).toThrow(/baseline/);
    expect(() => parseRouterEvalArgs(['--data', 'x', '--frobnicate'])).toThrow(UsageError);
    expect(parseRouterEvalArgs(['--data', 'a', '--data', 'b', '--train', 't', '--json'], { ROUTER_THRESHOLD: '0.8' })).toMatchObject({
      data: ['a', 'b'],
      train: ['t'],
      json: true,
      threshold: 0.8,
    });
  });
});
