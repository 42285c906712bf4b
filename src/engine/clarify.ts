import type { RouteDecision } from '../core/route.js';
import type { SkillManifest, SkillSet } from '../core/skill.js';
import { skillTitleIn } from '../locale/skill-titles.js';
import { fillTemplate, type LocalePack } from '../locale/locale-packs.js';

/**
 * The title as it reads mid-sentence: the manifest's `titles` entry as written (German keeps its
 * capitals), else the locale pack's `skill_titles` entry for the skill, else the title in lower case.
 */
function titleIn(manifest: SkillManifest, pack: LocalePack): string {
  return skillTitleIn(manifest, pack) ?? manifest.title.toLowerCase();
}

function title(set: SkillSet, id: string | undefined, pack: LocalePack): string | null {
  if (!id) return null;
  const skill = set.skills.get(id);
  return skill ? titleIn(skill.manifest, pack) : null;
}

/**
 * A clarifying question built from the two skills the router hesitated between,
 * so the customer's answer ("the second one") routes cleanly next turn. The words are the
 * locale pack's and the skills' titles in that language (the manifest's `titles`).
 */
export function clarifyingQuestion(set: SkillSet, route: RouteDecision, pack: LocalePack): string {
  const language = pack.language;
  const first = title(set, route.skill, pack);
  const second = title(set, route.runnerUp?.skill, pack);
  if (first && second && first !== second && route.runnerUp?.skill !== 'other' && route.skill !== 'other') {
    return fillTemplate(pack.replies.clarify_between, { first, second });
  }
  const topics = [...set.skills.values()]
    .filter((s) => s.manifest.id !== 'other')
    .map((s) => titleIn(s.manifest, pack));
  return fillTemplate(pack.replies.clarify_general, { topics: listOf(topics, language) });
}

/** "a, b and c" in the pack's language (Intl.ListFormat), "a, b and c" when the runtime lacks it. */
export function listOf(items: string[], language = 'en'): string {
  try {
    return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  }
}
