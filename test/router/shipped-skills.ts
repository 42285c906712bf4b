import type { SkillSet } from '../../src/core/skill.js';
import { loadShippedSkillSet } from '../../src/cli/shipped-skill-set.js';
import type { SkillExamples } from '../../src/router/local-classifier.js';
import { examplesOf } from '../../src/router/router-prompt.js';

let cached: Promise<SkillSet> | null = null;

/** The skill set the app ships (skills/ and prompts/, validated as at start-up), loaded once per test file. */
export function shippedSkillSet(): Promise<SkillSet> {
  cached ??= loadShippedSkillSet({ skillsDir: 'skills', promptsDir: 'prompts' });
  return cached;
}

/** The shipped routing examples per skill. */
export async function shippedExamples(): Promise<SkillExamples[]> {
  return examplesOf(await shippedSkillSet());
}
