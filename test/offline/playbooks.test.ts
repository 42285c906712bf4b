import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlaybookFile, mergePlaybook } from '../../src/offline/playbook-files.js';
import { playbookProblems } from '../../src/offline/playbook-schema.js';

const PROMPTS = path.join(import.meta.dirname, '..', '..', 'prompts');
const LANGUAGES = ['en', 'es', 'de', 'fr'];

async function playbookFiles(): Promise<string[]> {
  const out = [path.join(PROMPTS, 'offline.yaml')];
  for (const e of await readdir(PROMPTS, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const file = path.join(PROMPTS, e.name, 'offline.yaml');
    if (await readFile(file).then(() => true, () => false)) out.push(file);
  }
  return out;
}

describe('shipped offline playbooks', () => {
  it('parse, and every template exists in English, Spanish, German and French', async () => {
    const files = await playbookFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const { file: parsed, problems } = parsePlaybookFile(parse(await readFile(file, 'utf8')));
      expect(problems, file).toEqual([]);
      const en = Object.keys(parsed!.replies.en ?? {});
      for (const lang of LANGUAGES) {
        const own = parsed!.replies[lang] ?? {};
        expect(en.filter((k) => !Object.hasOwn(own, k)), `${path.relative(PROMPTS, file)} ${lang}`).toEqual([]);
      }
    }
  });

  it('name only templates, slots and tools that exist', async () => {
    const { file: shared } = parsePlaybookFile(parse(await readFile(path.join(PROMPTS, 'offline.yaml'), 'utf8')));
    const { file: own } = parsePlaybookFile(parse(await readFile(path.join(PROMPTS, 'returns', 'offline.yaml'), 'utf8')));
    expect(mergePlaybook(shared, own, ['get_order', 'check_return_eligibility', 'start_return', 'get_return_policy']).problems).toEqual([]);
    // A step naming a template nobody wrote, a slot nobody declared and a tool the skill lacks is reported by field.
    const broken = mergePlaybook(shared, { slots: {}, steps: [{ id: 'x', needs: ['order'], call: { tool: 'start_return', args: {} }, reply: 'nope' }], replies: {} }, []);
    expect(broken.problems.map((p) => p.field)).toEqual(['steps[0]', 'steps[0].needs', 'steps[0].call.tool']);
    expect(playbookProblems(broken.playbook, ['start_return']).length).toBe(2);
  });

  it('rejects a malformed playbook with the field named', () => {
    const { problems } = parsePlaybookFile({ steps: [{ id: 'Bad Id', reply: 'x' }], slots: { order: { kind: 'nonsense' } } });
    expect(problems.map((p) => p.field).sort()).toEqual(['slots.order.kind', 'steps.0.id']);
  });
});
