import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import type { SkillExamples } from '../router/local-classifier.js';

/**
 * Reads the routing examples and descriptions from skills/<id>/skill.yaml for the eval.
 * Only the fields the router needs are checked here; the full manifest is validated by
 * the skills loader at start-up. Folders starting with "_" (store data) are not skills.
 */
const manifest = z.object({
  id: z.string().min(1),
  description: z.string().optional(),
  examples: z.array(z.string()).min(1),
});

export function readSkillExamples(dir: string): SkillExamples[] {
  if (!existsSync(dir)) throw new ConfigError('SKILLS_DIR', `skills folder ${dir} does not exist`);
  const out: SkillExamples[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
    const file = ['skill.yaml', 'skill.yml', 'skill.json'].map((f) => join(dir, entry.name, f)).find((f) => existsSync(f));
    if (!file) continue;
    let data: unknown;
    try {
      data = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(file, `not valid YAML/JSON: ${(err as Error).message}`);
    }
    const r = manifest.safeParse(data);
    if (!r.success) {
      const i = r.error.issues[0]!;
      throw new ConfigError(file, i.message, i.path.join('.') || undefined);
    }
    out.push({ skill: r.data.id, examples: r.data.examples, description: r.data.description });
  }
  if (out.length === 0) throw new ConfigError('SKILLS_DIR', `no skill manifests found under ${dir}`);
  return out;
}
