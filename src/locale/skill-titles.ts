import type { SkillManifest } from '../core/skill.js';
import { ownValue } from '../core/own-keys.js';
import type { LocalePack } from './locale-packs.js';

/**
 * A skill's title in a pack's language, as it reads mid-sentence: the manifest's own `titles`
 * entry (the skill author's words) first, else the pack's `skill_titles` entry for the skill's id;
 * undefined when neither has one (the caller falls back to the English title).
 */
export function skillTitleIn(manifest: Pick<SkillManifest, 'id' | 'titles'>, pack: Pick<LocalePack, 'language' | 'skill_titles'>): string | undefined {
  return (manifest.titles ? ownValue(manifest.titles, pack.language) : undefined) ?? (pack.skill_titles ? ownValue(pack.skill_titles, manifest.id) : undefined);
}
