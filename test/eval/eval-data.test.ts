import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEvalFile, parseCases } from '../../src/cli/eval-data.js';

const LABELS = ['product_recommendation', 'returns', 'warranty', 'other'];
const tiny = fileURLToPath(new URL('./fixtures/tiny.jsonl', import.meta.url));

describe('eval JSONL cases', () => {
  it('reads single and multi-turn lines, and reports every bad line with its number', () => {
    const f = loadEvalFile(tiny, LABELS);
    expect(f.name).toBe('tiny.jsonl');
    expect(f.cases.map((c) => c.line)).toEqual([1, 2, 3, 4, 5, 9]);
    expect(f.cases[5]).toEqual({ line: 9, turns: ['t1', 't2'], label: 'warranty' });
    expect(f.bad.map((b) => b.line)).toEqual([6, 7, 10, 11]);
    expect(f.bad[0]!.problem).toMatch(/^text: must not be empty/);
    expect(f.bad[1]!.problem).toMatch(/not valid JSON/);
    expect(f.bad[2]!.problem).toMatch(/^label: must be one of product_recommendation, returns, warranty, other/);
    expect(f.bad[3]!.problem).toMatch(/^turns: must have at least one turn/);
  });

  it('names the missing field', () => {
    const { bad } = parseCases('{"label": "returns"}\n{"text": "hi"}\n[1, 2]\n{"turns": ["a", 3], "label": "other"}', 'x.jsonl', LABELS);
    expect(bad.map((b) => [b.line, b.problem.split(':')[0]])).toEqual([
      [1, 'text'],
      [2, 'label'],
      [3, 'not a JSON object'],
      [4, 'turns.1'],
    ]);
  });
});
