import { createHash } from 'node:crypto';
import type { Skill } from '../core/skill.js';
import { ownValue } from '../core/own-keys.js';

/** A stable number in [0, 1) for a string: the same conversation always lands in the same place. */
export function unitHash(key: string): number {
  const digest = createHash('sha256').update(key).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * Weighted choice of a prompt variant, deterministic per conversation and skill, so a
 * conversation keeps its variant across turns, restarts and processes without storing
 * anything (the engine still records the choice on the conversation and every turn).
 */
export function chooseVariant(skill: Skill, conversationId: string): string {
  const variants = skill.manifest.variants.filter((v) => ownValue(skill.prompts, v.id) !== undefined);
  if (variants.length === 0) return Object.keys(skill.prompts)[0] ?? 'default';
  if (variants.length === 1) return variants[0]!.id;
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = unitHash(`${skill.manifest.id}\0${conversationId}`) * total;
  for (const v of variants) {
    if (point < v.weight) return v.id;
    point -= v.weight;
  }
  return variants[variants.length - 1]!.id;
}
