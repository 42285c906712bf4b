import { describe, expect, it } from 'vitest';
import { eld } from 'eld/small';
import '../../src/locale/language-detect.js';
import { shareEldScores, shareEqualScores } from '../../src/locale/eld-shared-scores.js';

describe('eld score sharing', () => {
  it('points equal score sets at one object and leaves every score as it was', () => {
    const table: Record<string, Record<string, number>> = { ab: { 3: 60, 11: 41 }, cd: { 3: 60, 11: 41 }, ef: { 3: 60 }, gh: { 11: 41, 3: 60 } };
    const before = JSON.stringify(table);
    expect(shareEqualScores(table)).toBe(2);
    expect(table.cd).toBe(table.ab);
    // Integer keys enumerate in numeric order, whatever order they were written in.
    expect(table.gh).toBe(table.ab);
    expect(table.ef).not.toBe(table.ab);
    expect(JSON.stringify(table)).toBe(before);
  });

  it("has shared eld's own table once the detector is loaded: far fewer objects than n-grams", async () => {
    const url = new URL('../ngrams/small.js', import.meta.resolve('eld/small'));
    const { ngramsData } = (await import(url.href)) as { ngramsData: { ngrams: Record<string, object> } };
    const values = Object.values(ngramsData.ngrams);
    expect(values.length).toBeGreaterThan(80_000);
    expect(new Set(values).size).toBeLessThan(20_000);
    // Sharing again finds nothing new to share and detection still answers.
    expect(await shareEldScores()).toBe(new Set(values).size);
    expect(eld.detect('where is my parcel, it never arrived').language).toBe('en');
  });
});
