import { describe, expect, it } from 'vitest';
import { fill, tidy } from '../../src/offline/templates.js';

describe('filled templates', () => {
  it('tidy the spaces an empty placeholder leaves, and keep French spacing before ? ! : ;', () => {
    expect(tidy(fill('Here are the best matches {budget}:', { budget: '' }))).toBe('Here are the best matches:');
    expect(tidy(fill('Voici les meilleures suggestions {budget}\u202f:', { budget: '' }))).toBe('Voici les meilleures suggestions\u202f:');
    expect(tidy(fill('Voici les meilleures suggestions {budget}\u202f:', { budget: 'à moins de 100 $' }))).toBe('Voici les meilleures suggestions à moins de 100 $\u202f:');
    expect(tidy('Je vous mets en relation\u202f?')).toBe('Je vous mets en relation\u202f?');
  });
});
