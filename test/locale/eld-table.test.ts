import { describe, expect, it } from 'vitest';
import { eld } from 'eld/small';
import { ngramScores, parseNgramTable, smallNgramTable } from '../../src/locale/eld-table.js';

describe("eld's table, compact", () => {
  it('parses quoted, escaped and bare keys and every (language, score) pair', () => {
    const t = parseNgramTable(`export const ngramsData = {type:'S60',languages:{0:'am',1:'de'},isSubset:false,ngrams:{' ab':{0:176,1:7},'it\\'s':{1:60},L_QL:{0:148},"x\\\\y":{1:52}}};`);
    expect(t.languages).toEqual(['am', 'de']);
    expect([...t.slot.keys()]).toEqual([' ab', "it's", 'L_QL', 'x\\y']);
    const pairs = (key: string) => {
      const s = t.slot.get(key)!;
      const out: number[][] = [];
      for (let p = t.start[s]!; p < t.start[s + 1]!; p++) out.push([t.pairs[2 * p]!, t.pairs[2 * p + 1]!]);
      return out;
    };
    expect(pairs(' ab')).toEqual([[0, 176], [1, 7]]);
    expect(pairs('L_QL')).toEqual([[0, 148]]);
    expect(pairs('x\\y')).toEqual([[1, 52]]);
  });

  it("holds exactly eld's own table", async () => {
    const url = new URL('../ngrams/small.js', import.meta.resolve('eld/small'));
    const { ngramsData } = (await import(url.href)) as { ngramsData: { languages: Record<string, string>; ngrams: Record<string, Record<string, number>> } };
    const t = smallNgramTable();
    expect(t.languages).toEqual(Object.values(ngramsData.languages));
    const keys = Object.keys(ngramsData.ngrams);
    expect(t.slot.size).toBe(keys.length);
    let differing = 0;
    for (const key of keys) {
      const s = t.slot.get(key);
      const mine: string[] = [];
      if (s !== undefined) for (let p = t.start[s]!; p < t.start[s + 1]!; p++) mine.push(`${t.pairs[2 * p]}:${t.pairs[2 * p + 1]}`);
      if (mine.join() !== Object.entries(ngramsData.ngrams[key]!).map(([l, v]) => `${l}:${v}`).join()) differing++;
    }
    expect(differing).toBe(0);
  });

  it('scores like eld.detect().getScores(), in its order', () => {
    const texts = [
      'where is my parcel, it never arrived', 'wo ist mein Paket', 'quiero devolver estas zapatillas', 'où est ma commande ?',
      "dov'è il mio ordine", 'onde está meu pedido', 'मेरा ऑर्डर कहाँ है', '日本語のテキスト', 'Привет, где мой заказ', '😀 ok 😀',
      'SB-10012', '12345', '', 'a', `${'ab'.repeat(300)} ${'wo ist mein Paket '.repeat(40)}`,
    ];
    for (const text of texts) expect(ngramScores(smallNgramTable(), text)).toEqual(Object.entries(eld.detect(text).getScores()));
  });
});
