import { describe, expect, it } from 'vitest';
import { anyScriptWords } from '../../src/locale/script-words.js';

/** Review findings on h-lang4: a word must read the same whatever else the text holds. */
describe('words of any script', () => {
  it('a word with vowel signs folds the same alone and beside an accented word (Bengali, Telugu)', () => {
    for (const word of ['বোতল', 'మైక్']) {
      expect(anyScriptWords(`${word} café`)[0]).toBe(anyScriptWords(word)[0]);
    }
  });

  it('a Cyrillic stress mark is dropped; the breve and diaeresis letters stay letters', () => {
    expect(anyScriptWords('мо́ре')).toEqual(anyScriptWords('море'));
    expect(anyScriptWords('йогурт')).not.toEqual(anyScriptWords('иогурт'));
    expect(anyScriptWords('ёлка')).toEqual(anyScriptWords('елка'));
  });
});
