import type { RouteContext, RouteDecision } from '../../src/core/route.js';
import type { LocalClassification } from '../../src/router/local-classifier.js';
import type { EvalRouter } from '../../src/cli/eval-router.js';

/** A router whose answers are written down in advance, so eval metrics can be checked by hand. */
export function scriptedRouter(script: Record<string, { skill: string; confidence: number }>): EvalRouter & { calls: Array<{ text: string; ctx: RouteContext }> } {
  const calls: Array<{ text: string; ctx: RouteContext }> = [];
  const skills = ['product_recommendation', 'returns', 'warranty', 'other'];
  const answer = (text: string) => {
    const a = script[text];
    if (!a) throw new Error(`no scripted answer for ${JSON.stringify(text)}`);
    return a;
  };
  return {
    calls,
    async route(text: string, ctx: RouteContext): Promise<RouteDecision> {
      calls.push({ text, ctx: { ...ctx } });
      const a = answer(text);
      return { skill: a.skill, confidence: a.confidence, method: 'local' };
    },
    classify(text: string): LocalClassification {
      const a = answer(text);
      const scores: Record<string, number> = {};
      for (const s of skills) scores[s] = s === a.skill ? a.confidence : (1 - a.confidence) / 3;
      return {
        skill: a.skill,
        confidence: a.confidence,
        runnerUp: { skill: 'other', confidence: (1 - a.confidence) / 3 },
        scores,
        reason: {},
        retailSignal: true,
        injection: [],
        tokenCount: 1,
        concepts: [],
        words: [text],
      };
    },
    info: () => ({ skills, examples: 0, trainingMs: 0, version: null, model: false }),
  };
}
