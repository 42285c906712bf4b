import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import type { ToolCallRecord } from '../../src/core/conversation.js';
import { checkTurn, phraseMatcher, type TurnOutcome } from '../../src/answers/checks.js';
import { CaseFileError, loadCases, parseCases } from '../../src/answers/load-cases.js';
import { evaluateAnswers, run } from '../../src/cli/eval-answers.js';
import { demoCommerce } from '../commerce/demo-fixture.js';
import { startFakeOpenAIServer } from '../fakes/fake-openai-server.js';

/** Every check kind of the answer eval can fail: a case built to fail must fail, with a reason naming the check. */

let commerce: DemoCommerce;
beforeAll(async () => {
  ({ commerce } = await demoCommerce());
});

const call = (name: string, args: Record<string, unknown>): ToolCallRecord => ({ name, arguments: args, result: {}, ok: true, durationMs: 1 });

function outcome(extra: Partial<TurnOutcome> = {}): TurnOutcome {
  return { route: 'returns', text: '', tools: [], handedOff: false, offline: true, proposal: null, ...extra };
}

describe('check kinds (each passes when met and fails when not)', () => {
  it('proposal', async () => {
    expect(await checkTurn({ proposal: 'start_return' }, outcome({ proposal: 'start_return' }), commerce)).toEqual([]);
    expect(await checkTurn({ proposal: false }, outcome(), commerce)).toEqual([]);
    expect(await checkTurn({ proposal: 'start_return' }, outcome(), commerce)).toEqual(['proposal: expected a start_return proposal waiting for confirmation, got none']);
    expect(await checkTurn({ proposal: false }, outcome({ proposal: 'cancel_order' }), commerce)).toEqual(['proposal: expected nothing waiting for confirmation, got a cancel_order proposal']);
  });

  it('route', async () => {
    expect(await checkTurn({ route: 'returns' }, outcome(), commerce)).toEqual([]);
    expect(await checkTurn({ route: 'warranty' }, outcome(), commerce)).toEqual(['route: expected warranty, got returns']);
  });

  it('tools that must be called, with argument checks (ids compared loosely, "/regex/" allowed)', async () => {
    const tools = [call('check_return_eligibility', { order_id: 'sb10001', sku: 'KIT-1001' })];
    expect(await checkTurn({ tools: [{ name: 'check_return_eligibility', args: { order_id: 'SB-10001' } }] }, outcome({ tools }), commerce)).toEqual([]);
    expect(await checkTurn({ tools: [{ name: 'check_return_eligibility', args: { sku: '/^KIT-/' } }] }, outcome({ tools }), commerce)).toEqual([]);
    const wrongArg = await checkTurn({ tools: [{ name: 'check_return_eligibility', args: { order_id: 'SB-10002' } }] }, outcome({ tools }), commerce);
    expect(wrongArg[0]).toMatch(/^tool: expected a call to check_return_eligibility\(\{"order_id":"SB-10002"\}\); calls: check_return_eligibility/);
    expect(await checkTurn({ tools: [{ name: 'start_return' }] }, outcome({ tools }), commerce)).toHaveLength(1);
  });

  it('tools that must not be called, by name or with arguments', async () => {
    const tools = [call('start_return', { order_id: 'SB-10001', sku: 'KIT-1001', reason: 'too loud' })];
    expect(await checkTurn({ noTools: ['open_warranty_claim'] }, outcome({ tools }), commerce)).toEqual([]);
    expect((await checkTurn({ noTools: ['start_return'] }, outcome({ tools }), commerce))[0]).toMatch(/^tool: start_return must not be called/);
    expect(await checkTurn({ noTools: [{ name: 'start_return', args: { order_id: 'SB-10002' } }] }, outcome({ tools }), commerce)).toEqual([]);
    expect(await checkTurn({ noTools: [{ name: 'start_return', args: { order_id: 'SB-10001' } }] }, outcome({ tools }), commerce)).toHaveLength(1);
  });

  it('phrases that must appear (case-insensitive, regex allowed), any of, and must not appear', async () => {
    const text = 'Your return window has CLOSED, but the warranty may still cover it.';
    expect(await checkTurn({ say: ['window has closed', '/warrant(y|ies)/'], notSay: ['refund issued'], sayAny: ['nope', 'cover it'] }, outcome({ text }), commerce)).toEqual([]);
    expect(await checkTurn({ say: ['start the return'] }, outcome({ text }), commerce)).toEqual(['say: missing "start the return"']);
    expect(await checkTurn({ sayAny: ['a', '/^zzz/'].slice(1) }, outcome({ text }), commerce)).toEqual(['sayAny: none of ["/^zzz/"]']);
    expect(await checkTurn({ notSay: ['/closed/'] }, outcome({ text }), commerce)).toEqual(['notSay: the reply contains "/closed/"']);
    expect(phraseMatcher('don\'t')('I don’t know')).toBe(true);
  });

  it('facts: a price from the catalog, not from the case', async () => {
    const p = (await commerce.getProduct('KIT-1001'))!;
    const right = `It costs $${p.price.toFixed(2)}.`;
    expect(await checkTurn({ facts: [{ price: 'KIT-1001' }] }, outcome({ text: right }), commerce)).toEqual([]);
    const wrong = `It costs $${(p.price + 10).toFixed(2)}.`;
    expect(await checkTurn({ facts: [{ price: 'KIT-1001' }] }, outcome({ text: wrong }), commerce)).toEqual([`fact: the reply does not state the price of KIT-1001 = $${p.price.toFixed(2)}`]);
    // A longer number that merely contains the price does not count.
    expect(await checkTurn({ facts: [{ price: 'KIT-1001' }] }, outcome({ text: `It costs $1${p.price.toFixed(2)}.` }), commerce)).toHaveLength(1);
    const big = (await commerce.getProduct('CMP-3002'))!;
    expect(await checkTurn({ facts: [{ price: 'CMP-3002' }] }, outcome({ text: `Only $${big.price.toLocaleString('en-US')}.` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ price: 'NOPE-1' }] }, outcome({ text: right }), commerce)).toEqual(['fact: price: no product NOPE-1 in the catalog']);
  });

  it('facts: a return window and warranty months from the policies', async () => {
    const days = commerce.returnPolicy().windows.find((w) => w.category === 'apparel_shoes')!.days;
    expect(await checkTurn({ facts: [{ returnWindow: 'apparel_shoes' }] }, outcome({ text: `You have ${days} days.` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ returnWindow: 'Apparel & shoes' }] }, outcome({ text: `a ${days}-day window` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ returnWindow: 'apparel_shoes' }] }, outcome({ text: `You have ${days + 1} days.` }), commerce)).toHaveLength(1);
    const months = (await commerce.getProduct('KIT-1002'))!.warrantyMonths;
    expect(await checkTurn({ facts: [{ warrantyMonths: 'KIT-1002' }] }, outcome({ text: `a ${months}-month warranty` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ warrantyMonths: 'KIT-1002' }] }, outcome({ text: `a ${months / 12}-year warranty` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ warrantyMonths: 'KIT-1002' }] }, outcome({ text: 'a 24-month warranty' }), commerce)).toEqual([`fact: the reply does not state the warranty of KIT-1002 = ${months} months`]);
    // Read with the locale packs' units and number words, as the guard reads durations: weeks are days, years months, any pack's language.
    expect(await checkTurn({ facts: [{ returnWindow: 'apparel_shoes' }] }, outcome({ text: `Sie haben ${days} Tage.` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ warrantyMonths: 'KIT-1002' }] }, outcome({ text: `${months / 12} Jahre Garantie` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ warrantyMonths: 'KIT-1002' }] }, outcome({ text: `${months} weeks` }), commerce)).toHaveLength(1);
    const audio = commerce.warrantyTerms().terms.find((t) => t.category === 'audio')!.months;
    expect(await checkTurn({ facts: [{ warrantyMonths: 'audio' }] }, outcome({ text: `${audio} months` }), commerce)).toEqual([]);
    expect(await checkTurn({ facts: [{ warrantyMonths: 'audio' }] }, outcome({ text: `${audio + 1} months` }), commerce)).toHaveLength(1);
  });

  it('hand-off, both ways', async () => {
    expect(await checkTurn({ handoff: true }, outcome({ handedOff: true }), commerce)).toEqual([]);
    expect(await checkTurn({ handoff: true }, outcome(), commerce)).toEqual(['handoff: expected a hand-off to a person, none happened']);
    expect(await checkTurn({ handoff: false }, outcome({ handedOff: true }), commerce)).toEqual(['handoff: handed off to a person, which this turn must not do']);
  });
});

describe('case files', () => {
  it('report every bad line with file, line and field', () => {
    const problems: string[] = [];
    const content = [
      '{"id": "ok-1", "skill": "returns", "turns": [{"user": "hi", "expect": {"route": "returns"}}]}',
      '',
      '{"id": "Bad Id", "skill": "returns", "turns": [{"user": "hi", "expect": {"route": "returns"}}]}',
      '{"id": "no-checks", "skill": "returns", "turns": [{"user": "hi"}]}',
      '{"id": "typo", "skill": "returns", "turns": [{"user": "hi", "expect": {"rout": "returns"}}]}',
      '{"id": "ok-1", "skill": "returns", "turns": [{"user": "again", "expect": {"handoff": false}}]}',
      '{not json',
    ].join('\n');
    const cases = parseCases('cases.jsonl', content, problems);
    expect(cases.map((c) => c.id)).toEqual(['ok-1']);
    expect(problems).toEqual([
      'cases.jsonl:3: id: id must be lower-case letters, digits, _ . or -',
      'cases.jsonl:4: (case): a case must check something: give at least one turn an "expect"',
      expect.stringMatching(/^cases\.jsonl:5: turns\.0\.expect: Unrecognized key: "rout"/),
      'cases.jsonl:6: case id "ok-1" is already used at cases.jsonl:1',
      expect.stringMatching(/^cases\.jsonl:7: not valid JSON/),
    ]);
  });

  it('a missing file is an error, not an empty run', async () => {
    await expect(loadCases(['/nonexistent/answers.jsonl'])).rejects.toThrow(CaseFileError);
  });
});

describe('the eval on cases built to fail', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'answers-fail-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails each of them through the real engine, with the reason, and exits 1 with the JSON summary last', async () => {
    const file = path.join(dir, 'fail.jsonl');
    const cases = [
      { id: 'f-route', skill: 'returns', turns: [{ user: 'which blender is quietest for smoothies', expect: { route: 'returns' } }] },
      { id: 'f-tool', skill: 'returns', turns: [{ user: 'which blender is quietest for smoothies', expect: { tools: [{ name: 'check_warranty' }] } }] },
      { id: 'f-no-tool', skill: 'product_recommendation', turns: [{ user: 'which blender is quietest for smoothies', expect: { noTools: ['search_products'] } }] },
      { id: 'f-say', skill: 'product_recommendation', turns: [{ user: 'which blender is quietest for smoothies', expect: { say: ['KIT-1006'] } }] },
      { id: 'f-not-say', skill: 'product_recommendation', turns: [{ user: 'which blender is quietest for smoothies', expect: { notSay: ['/blend/'] } }] },
      { id: 'f-fact', skill: 'product_recommendation', turns: [{ user: 'which blender is quietest for smoothies', expect: { facts: [{ price: 'KIT-1010' }] } }] },
      { id: 'f-handoff', skill: 'product_recommendation', turns: [{ user: 'which blender is quietest for smoothies', expect: { handoff: true } }] },
      { id: 'f-second-turn', skill: 'other', turns: [{ user: 'tell me a joke' }, { user: 'what is the weather', expect: { handoff: false } }] },
    ];
    await writeFile(file, cases.map((c) => JSON.stringify(c)).join('\n'));
    const { summary } = await evaluateAnswers({ data: [file], offline: true });
    expect(summary.passed).toBe(0);
    const reasons = Object.fromEntries(summary.failures.map((f) => [f.id, f.reasons.join(' | ')]));
    expect(reasons['f-route']).toMatch(/^route: expected returns, got product_recommendation/);
    expect(reasons['f-tool']).toMatch(/^tool: expected a call to check_warranty/);
    expect(reasons['f-no-tool']).toMatch(/^tool: search_products must not be called/);
    expect(reasons['f-say']).toBe('say: missing "KIT-1006"');
    expect(reasons['f-not-say']).toBe('notSay: the reply contains "/blend/"');
    expect(reasons['f-fact']).toMatch(/^fact: the reply does not state the price of KIT-1010/);
    expect(reasons['f-handoff']).toBe('handoff: expected a hand-off to a person, none happened');
    expect(reasons['f-second-turn']).toBe('turn 2: handoff: handed off to a person, which this turn must not do');

    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const code = await run(['--data', file, '--offline', '--json']);
    expect(code).toBe(1);
    const lines = out.join('').trimEnd().split('\n');
    const last = JSON.parse(lines.at(-1)!);
    expect(last).toMatchObject({ mode: 'offline', cases: cases.length, passed: 0, failed: cases.length });
    expect(lines.some((l) => l.startsWith('FAIL  returns                f-route'))).toBe(true);
  });

  it('rejects a variant no skill declares, and a bad case file, with exit code 2', async () => {
    const file = path.join(dir, 'one.jsonl');
    await writeFile(file, JSON.stringify({ id: 'one', skill: 'other', turns: [{ user: 'hello', expect: { route: 'other' } }] }));
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await run(['--data', file, '--offline', '--variant', 'v9'])).toBe(2);
    expect(err.join('')).toMatch(/no skill declares the variant "v9"/);
    await writeFile(file, '{"id": "x"}');
    expect(await run(['--data', file, '--offline'])).toBe(2);
    expect(err.join('')).toMatch(/one\.jsonl:1: skill/);
  });
});

describe('the eval against a configured model', () => {
  it('uses the model from the environment and reports its calls, tokens and cost per skill', async () => {
    const fake = await startFakeOpenAIServer();
    const dir = await mkdtemp(path.join(tmpdir(), 'answers-model-'));
    try {
      fake.handle((req) =>
        'response_format' in (req.body as Record<string, unknown>)
          ? { kind: 'json', value: { skill: 'product_recommendation', confidence: 0.9, reason: 'test' } }
          : { kind: 'text', text: 'The Vireo QuietBlend 600 Blender (KIT-1001) is $69.99.', usage: { prompt: 900, cached: 600, completion: 30 } },
      );
      const file = path.join(dir, 'model.jsonl');
      await writeFile(file, JSON.stringify({ id: 'm-1', skill: 'product_recommendation', turns: [{ user: 'a quiet blender for smoothies', expect: { say: ['KIT-1001'], facts: [{ price: 'KIT-1001' }] } }] }));
      const { summary } = await evaluateAnswers({ data: [file], env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', MODEL_MAX_RETRIES: '0' } });
      expect(summary.mode).toBe('model');
      expect(summary.passed).toBe(1);
      const product = summary.skills[0]!;
      expect(product).toMatchObject({ modelCalls: 1, promptTokens: 900, cachedTokens: 600, completionTokens: 30, offlineTurns: 0 });
      expect(product.costUsd).toBeGreaterThan(0);
      expect(fake.requests.filter((r) => !('response_format' in (r.body as Record<string, unknown>)))).toHaveLength(1);
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
