import type { RouterPrompt, SkillSet } from '../core/skill.js';
import type { SkillExamples } from './local-classifier.js';

/**
 * A router prompt built from the skills themselves, for when no prompts/router/ prompt is
 * available (the eval with bare examples, tests). A loaded SkillSet carries its own.
 */
export function defaultRouterPrompt(skills: readonly SkillExamples[], examplesPerSkill = 2): RouterPrompt {
  const lines = skills.map((s) => `- ${s.skill}: ${s.description?.trim() || `messages like "${s.examples[0] ?? s.skill}"`}`);
  return {
    system:
      'You route customer messages for an online store to exactly one skill. ' +
      'Pick the skill whose purpose matches what the customer needs now; a past event they mention is context, ' +
      'and a negated request ("I don\'t want a refund") is not a request. ' +
      `Use "other" for anything outside the skills below.\n\nSkills:\n${lines.join('\n')}`,
    examples: skills.flatMap((s) => s.examples.slice(0, examplesPerSkill).map((text) => ({ text, skill: s.skill }))),
  };
}

/** The classifier's training input from a loaded skill set. */
export function examplesOf(set: SkillSet): SkillExamples[] {
  return [...set.skills.values()].map((s) => ({
    skill: s.manifest.id,
    examples: s.manifest.examples,
    description: s.manifest.description,
  }));
}
