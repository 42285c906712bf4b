import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { normaliseExample } from '../skills/prompts-check.js';

/** Examples to add to and remove from one skill's routing examples. */
export interface ExampleChange {
  skill: string;
  add: string[];
  remove: string[];
}

/**
 * Edits the `examples` list of a skill.yaml text, keeping everything else (comments, order,
 * flow maps) as written. Removal matches the way the router compares examples (normalised);
 * an added example already present is not added twice.
 */
export function editExamples(yamlText: string, change: Pick<ExampleChange, 'add' | 'remove'>): string {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) throw new Error(`the skill file does not parse: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error('the skill file is not a YAML mapping');
  const examples = doc.get('examples', true);
  if (!isSeq(examples)) throw new Error('the skill file has no examples list');
  const removing = new Set(change.remove.map(normaliseExample));
  examples.items = examples.items.filter((item) => !(isScalar(item) && typeof item.value === 'string' && removing.has(normaliseExample(item.value))));
  const present = new Set(examples.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [normaliseExample(item.value)] : [])));
  for (const text of change.add) {
    const key = normaliseExample(text);
    if (present.has(key)) continue;
    present.add(key);
    examples.items.push(doc.createNode(text));
  }
  return doc.toString({ lineWidth: 0 });
}
