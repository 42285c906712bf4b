import { beforeAll, describe, expect, it } from 'vitest';
import { shippedExamples } from './shipped-skills.js';
import { ModelUnavailableError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { createRouter } from '../../src/router/create-router.js';
import type { SkillExamples } from '../../src/router/local-classifier.js';
import { scriptedModel } from './fake-model.js';

let skills: SkillExamples[];
// Threshold 1 and no out-of-scope shortcut: every message that is not a follow-up goes to the model.
const ALWAYS_ASK = { outOfScopeAt: 1 };
beforeAll(async () => {
  skills = await shippedExamples();
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (obj: object | string, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  const logger = { lines, debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('model router', () => {
  it('is not called when the local classifier is confident', async () => {
    const model = scriptedModel([]);
    const router = createRouter({ skills, model, threshold: 0 });
    const d = await router.route('I want to return my order', { activeSkill: null });
    expect(d.method).toBe('local');
    expect(model.requests).toHaveLength(0);
  });

  it('makes one structured call below the threshold, with customer text only in user turns', async () => {
    const model = scriptedModel([{ text: '{"skill": "warranty", "confidence": 0.82, "reason": "a fault after purchase"}' }]);
    const router = createRouter({ skills, model, threshold: 1, policy: ALWAYS_ASK });
    const secret = 'the thing from last week is acting up';
    const d = await router.route(secret, { activeSkill: null, previousTurn: { customer: 'I bought a blender in May', bot: 'Thanks!' } });
    expect(d).toMatchObject({ skill: 'warranty', method: 'model', confidence: 0.82 });
    expect(d.reason!.note).toMatch(/a fault after purchase/);
    expect(d.runnerUp).toBeDefined();
    expect(model.requests).toHaveLength(1);
    const req = model.requests[0]!;
    expect(req.purpose).toEqual({ kind: 'router' });
    expect(req.jsonSchema?.name).toBe('route');
    expect(req.temperature).toBe(0);
    expect(req.messages[0]!.role).toBe('system');
    const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
    expect(system).not.toContain(secret);
    const last = req.messages[req.messages.length - 1]!;
    expect(last.role).toBe('user');
    expect(last.content).toContain(secret);
    expect(last.content).toContain('I bought a blender in May');
    // Few-shot examples come before the message.
    expect(req.messages.some((m) => m.role === 'assistant')).toBe(true);
  });

  it('accepts JSON wrapped in a code fence', async () => {
    const model = scriptedModel([{ text: '```json\n{"skill": "returns", "confidence": 0.7, "reason": "wants money back"}\n```' }]);
    const router = createRouter({ skills, model, threshold: 1, policy: ALWAYS_ASK });
    expect(await router.route('sort this out please', { activeSkill: null })).toMatchObject({ skill: 'returns', method: 'model' });
  });

  it.each([
    ['the model is unavailable', { error: new ModelUnavailableError('timeout', 'timed out') }, /unavailable/],
    ['the reply is not JSON', { text: 'I think this is about returns.' }, /invalid output/],
    ['the reply names an unknown skill', { text: '{"skill": "billing", "confidence": 0.9, "reason": "x"}' }, /invalid output/],
    ['the confidence is out of range', { text: '{"skill": "returns", "confidence": 7, "reason": "x"}' }, /invalid output/],
  ])('falls back to the policy when %s', async (_name, step, logged) => {
    const model = scriptedModel([step]);
    const logger = recordingLogger();
    const router = createRouter({ skills, model, threshold: 1, logger, policy: ALWAYS_ASK });
    // Gibberish the classifier files under `other` in any training order (so the policy clarifies).
    const d = await router.route('qwv xrrt pmk', { activeSkill: null, unclearStreak: 0 });
    expect(model.requests).toHaveLength(1);
    expect(d.method).toBe('clarify');
    expect(logger.lines.some((l) => logged.test(l))).toBe(true);
    const sticky = await createRouter({ skills, model: scriptedModel([step]), threshold: 1, policy: ALWAYS_ASK }).route('qwv xrrt pmk', { activeSkill: 'returns', unclearStreak: 0 });
    expect(sticky).toMatchObject({ skill: 'returns', method: 'sticky' });
  });

  it('retrains from a new set of examples (live reload)', async () => {
    const router = createRouter({
      skills: [
        { skill: 'a', examples: ['apples and pears', 'fresh fruit'] },
        { skill: 'b', examples: ['hammers and nails', 'tools for the shed'] },
      ],
      threshold: 0.5,
    });
    expect(router.info().examples).toBe(4);
    expect(router.classify('fruit please').skill).toBe('a');
    expect(
      router.retrain([
        { skill: 'a', examples: ['hammers and nails', 'tools for the shed'] },
        { skill: 'b', examples: ['apples and pears', 'fresh fruit'] },
        { skill: 'c', examples: ['weather today'] },
      ]),
    ).toBe(true);
    expect(router.info().skills).toEqual(['a', 'b', 'c']);
    expect(router.classify('fruit please').skill).toBe('b');
    // A broken set (one skill) is refused and the previous model keeps routing.
    expect(router.retrain([{ skill: 'a', examples: ['only one skill'] }])).toBe(false);
    expect(router.info().skills).toEqual(['a', 'b', 'c']);
  });
});
