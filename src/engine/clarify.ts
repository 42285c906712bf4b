import type { RouteDecision } from '../core/route.js';
import type { SkillSet } from '../core/skill.js';

function title(set: SkillSet, id: string | undefined): string | null {
  if (!id) return null;
  const skill = set.skills.get(id);
  return skill ? skill.manifest.title.toLowerCase() : null;
}

/**
 * A clarifying question built from the two skills the router hesitated between,
 * so the customer's answer ("the second one") routes cleanly next turn.
 */
export function clarifyingQuestion(set: SkillSet, route: RouteDecision): string {
  const first = title(set, route.skill);
  const second = title(set, route.runnerUp?.skill);
  if (first && second && first !== second && route.runnerUp?.skill !== 'other' && route.skill !== 'other') {
    return `I want to make sure I help with the right thing: is your question about ${first}, or about ${second}? A sentence or two about what you need will help.`;
  }
  const topics = [...set.skills.values()]
    .filter((s) => s.manifest.id !== 'other')
    .map((s) => s.manifest.title.toLowerCase());
  return `Sorry, I didn't quite catch that. I can help with ${listOf(topics)}. Could you tell me a bit more about what you need?`;
}

export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
