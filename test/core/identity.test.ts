import { describe, expect, it } from 'vitest';
import { normalizeEmail, ownsOrder } from '../../src/core/identity.js';

describe('e-mail comparison', () => {
  it('ignores the case of every letter, not only A-Z', () => {
    expect(ownsOrder({ email: 'jörg@example.de' }, { customerEmail: 'JÖRG@example.de' })).toBe(true);
    expect(ownsOrder({ email: ' Иван@Example.ru ' }, { customerEmail: 'иван@example.ru' })).toBe(true);
    expect(normalizeEmail(' Jo.Doe@Example.COM ')).toBe('jo.doe@example.com');
  });

  it('never lets a non-ASCII character lower-case onto an ASCII one (Kelvin sign, dotted capital I)', () => {
    expect(ownsOrder({ email: 'daniel.\u212Aim@example.com' }, { customerEmail: 'daniel.kim@example.com' })).toBe(false);
    expect(ownsOrder({ email: 'daniel.kim@example.com' }, { customerEmail: 'DANIEL.\u212AIM@example.com' })).toBe(false);
    expect(ownsOrder({ email: '\u0130van@example.com' }, { customerEmail: 'ivan@example.com' })).toBe(false);
    expect(normalizeEmail('\u212A@example.com')).toBe('\u212A@example.com');
  });
});
