import { describe, expect, it } from 'vitest';
import { accountEntry, parseAgentAccounts } from '../../src/assist/agent-accounts.js';
import { ConfigError } from '../../src/core/errors.js';
import { dayOf, weekOf } from '../../src/insights/days.js';
import { csvCell } from '../../src/insights/csv.js';
import { editExamples } from '../../src/insights/skill-examples-edit.js';
import { hashPassword } from '../../src/assist/password-hash.js';
import { TEST_SCRYPT } from '../assist/assist-harness.js';

describe('insights parts', () => {
  it('AGENT_ACCOUNTS takes an optional role=admin segment and older entries stay valid', async () => {
    const hash = await hashPassword('a password 123', TEST_SCRYPT);
    const accounts = parseAgentAccounts(`ana:${hash},ben:${hash}:Ben B.:role=admin,cy:${hash}:role=admin`);
    expect(accounts.get('ana')).toEqual({ name: 'ana', hash });
    expect(accounts.get('ben')).toEqual({ name: 'ben', hash, displayName: 'Ben B.', role: 'admin' });
    expect(accounts.get('cy')).toEqual({ name: 'cy', hash, role: 'admin' });
    expect(accountEntry(accounts.get('ben')!)).toBe(`ben:${hash}:Ben B.:role=admin`);
    expect(() => parseAgentAccounts(`ana:${hash}:role=owner`)).toThrow(ConfigError);
  });

  it('edits routing examples and keeps the rest of the file as written', () => {
    const yaml = '# a comment\nid: returns\nmodel: { temperature: 0.2, maxTokens: 450 }\nexamples:\n  - how do I get a refund\n  - send it back\n';
    const out = editExamples(yaml, { add: ['Where is my refund?', 'send it back'], remove: ['How do I get a REFUND'] });
    expect(out).toBe('# a comment\nid: returns\nmodel: { temperature: 0.2, maxTokens: 450 }\nexamples:\n  - send it back\n  - Where is my refund?\n');
  });

  it('days follow the store calendar; weeks start on Monday', () => {
    expect(dayOf(Date.UTC(2026, 2, 2, 3), 'UTC')).toBe('2026-03-02');
    expect(dayOf(Date.UTC(2026, 2, 2, 3), 'America/New_York')).toBe('2026-03-01');
    // The day of a minute is cached: the next second of the minute, and the next minute across midnight.
    expect(dayOf(Date.UTC(2026, 2, 2, 4, 59, 1), 'America/New_York')).toBe('2026-03-01');
    expect(dayOf(Date.UTC(2026, 2, 2, 4, 59, 59), 'America/New_York')).toBe('2026-03-01');
    expect(dayOf(Date.UTC(2026, 2, 2, 5, 0, 0), 'America/New_York')).toBe('2026-03-02');
    // Before 1973 an offset could have seconds (Monrovia: -0:44:30): a day starts inside a minute.
    expect(dayOf(Date.UTC(1970, 0, 1, 0, 44, 20), 'Africa/Monrovia')).toBe('1969-12-31');
    expect(dayOf(Date.UTC(1970, 0, 1, 0, 44, 40), 'Africa/Monrovia')).toBe('1970-01-01');
    expect(weekOf('2026-03-08')).toBe('2026-03-02');
    expect(weekOf('2026-03-09')).toBe('2026-03-09');
  });

  it('CSV cells cannot run as spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
