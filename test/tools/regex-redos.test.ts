import { describe, expect, it } from 'vitest';
import { inventory, keyOf, readVerdicts, verdict } from './regex-inventory.js';

/**
 * Issue 14, point 1: no regular expression that customer text meets backtracks
 * super-linearly. `\S+@\S+\.\S+` took seconds on "@" x 2,000, and the router's directive
 * pattern (four `\s*` around optional words) did not finish in ten minutes on "route"
 * followed by 2,000 spaces. recheck, a ReDoS checker that finds polynomial as well as
 * exponential backtracking, reads every literal in the folders a message flows through and
 * every pattern those modules build at run time. Patterns already found safe (same source
 * and flags, regex-verdicts.json) are not checked again; `npx tsx test/tools/regex-inventory.ts`
 * re-checks all and rewrites the file.
 */

describe('regular expressions on customer text backtrack at most linearly', () => {
  it('every pattern a message meets is safe for recheck', async () => {
    const patterns = await inventory();
    expect(patterns.length).toBeGreaterThan(150);
    expect(patterns.some((p) => p.where.includes('built at run time'))).toBe(true);
    const known = readVerdicts();
    const problems: string[] = [];
    for (const p of patterns) {
      if (known.has(keyOf(p))) continue;
      const v = verdict(p);
      if (v) problems.push(`${p.where}  ${keyOf(p).slice(0, 120)}  ${v}`);
    }
    expect(problems.join('\n')).toBe('');
  }, 600_000);
});
