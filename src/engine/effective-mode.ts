import type { Conversation, Mode } from '../core/conversation.js';
import type { Skill } from '../core/skill.js';

/**
 * The mode a turn runs in. A human owner always wins; a mode an agent set wins over
 * the skill's default; otherwise the stricter of the conversation's and the skill's.
 */
export function effectiveMode(conversation: Conversation, skill: Skill | undefined): Mode {
  if (conversation.mode === 'human') return 'human';
  if (conversation.modeSource === 'agent' || !skill) return conversation.mode;
  const rank: Record<Mode, number> = { auto: 0, assist: 1, human: 2 };
  return rank[skill.manifest.defaultMode] > rank[conversation.mode] ? skill.manifest.defaultMode : conversation.mode;
}
