import { describe, expect, it } from 'vitest';
import { isDictionaryWord } from '../../src/locale/dictionary-words.js';
import { unknownNames } from '../../src/skills/demonstration-names.js';

describe('names in demonstration text', () => {
  const known = new Set(['canada', 'post', 'prairie', 'freight', 'trailhead', 'ky', '1001']);

  it('reports a capitalised name with a word neither common nor the store’s, from that word on, numbers included', () => {
    expect(unknownNames('The Vireo QuietBlend 600 Blender is a popular gift.', known)).toEqual(["Vireo QuietBlend 600 Blender"]);
    expect(unknownNames('It is on its way with Swiftline Freight and should arrive by Monday.', known)).toEqual(['Swiftline Freight']);
  });

  it("passes common words at a sentence's start, months, countries and the store's own names", () => {
    expect(unknownNames('Reply yes to confirm. It ships with Canada Post or Prairie Freight in December.', known)).toEqual([]);
    expect(unknownNames("Your Trailhead's box arrived? Shall I check it?", known)).toEqual([]);
    expect(unknownNames('lower-case quietblend is not a name', known)).toEqual([]);
  });

  it('reads the dictionary with its plain prefixes and regular plurals', () => {
    expect(isDictionaryWord('reply')).toBe(true);
    expect(isDictionaryWord('Kettles')).toBe(true);
    expect(isDictionaryWord('QuietBlend')).toBe(false);
  });
});
