import { createRequire } from 'node:module';
import type { SkillExamples } from '../router/local-classifier.js';

/**
 * The nlp.js baseline (@nlpjs/core + @nlpjs/nlp + @nlpjs/lang-en-min, devDependencies),
 * trained on exactly the router's examples and used the way its documentation shows:
 * default settings, so a score under nlp.js's own 0.5 threshold becomes its "None"
 * intent, which the store maps to `other`. No model file is written.
 */
export interface BaselineClassifier {
  readonly name: string;
  classify(text: string): Promise<{ skill: string; confidence: number }>;
}

interface NlpProcessResult {
  intent: string;
  score: number;
}

interface NlpInstance {
  settings: Record<string, unknown>;
  nluManager: { settings: Record<string, unknown> };
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<NlpProcessResult>;
}

interface NlpContainer {
  use(plugin: unknown): void;
  get(name: 'nlp', settings?: Record<string, unknown>): NlpInstance;
}

const require = createRequire(import.meta.url);

export async function trainNlpjsBaseline(sets: readonly SkillExamples[], fallbackSkill: string): Promise<BaselineClassifier> {
  // nlp.js ships CommonJS without type declarations; the interfaces above are the part used.
  const core = require('@nlpjs/core') as { containerBootstrap: () => Promise<NlpContainer> };
  const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
  const { LangEn } = require('@nlpjs/lang-en-min') as { LangEn: unknown };
  const container = await core.containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  const nlp = container.get('nlp', { autoSave: false, autoLoad: false, calculateSentiment: false });
  nlp.settings.autoSave = false;
  nlp.nluManager.settings.log = false;
  nlp.addLanguage('en');
  for (const set of sets) for (const e of set.examples) if (e.trim()) nlp.addDocument('en', e, set.skill);
  await nlp.train();
  const skills = new Set(sets.map((s) => s.skill));
  return {
    name: 'nlpjs',
    async classify(text) {
      const r = await nlp.process('en', text);
      const skill = skills.has(r.intent) ? r.intent : fallbackSkill;
      return { skill, confidence: Math.max(0, Math.min(1, r.score)) };
    },
  };
}
