import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A store folder written for the fuzzer (issue 14): what a permissive store.yaml lets customer
 * text reach. Order numbers of digits only (#1001), SKUs of letters and digits without a
 * separator and of unbounded length, case prefixes of one letter, a catalog named in Cyrillic,
 * CJK and German with `language: de` (Snowball stemming, a second index for other languages),
 * a currency without a one-character symbol, and knowledge articles in those scripts. Nothing
 * here is a real shop; it exists so the fuzz runs against a store the code was not tuned on.
 */
export interface HostileStore {
  dir: string;
  remove(): void;
}

const STORE_YAML = `name: Хост 店 Prüfladen
currency: CHF
supportHours: Mo-Fr 9-17
supportEmail: hilfe@hostile-store.example
supportPhone: +41 555 010 999
website: https://hostile-store.example
language: de
identifiers:
  order: { pattern: '#?\\d{1,12}', example: '#1001' }
  sku: { pattern: '[A-Z]+\\d+[A-Z0-9]*', example: QX7781ZZ0042KLM }
  return: { prefix: R, example: R-1001-QX7781ZZ0042KLM }
  claim: { prefix: C, example: C-1001-QX7781ZZ0042KLM }
`;

const CATALOG = {
  categories: [
    { id: 'kuechengeraete', label: 'Küchengeräte', words: ['Küche', 'кухня', '厨房'] },
    { id: 'schuhe', label: 'Schuhe', words: ['Wanderschuhe', 'обувь', '鞋'] },
    { id: 'elektronik', label: 'Электроника', words: ['电子产品', 'Elektronik'] },
  ],
  products: [
    { sku: 'QX7781ZZ0042KLM', name: 'Чайник электрический Самовар', category: 'kuechengeraete', price: 89.9, description: 'Электрический чайник 1,7 л с фильтром.', attributes: { brand: 'Самовар' }, tags: ['чайник', 'кухня'], warrantyMonths: 24, inStock: true, rating: 4.5 },
    { sku: 'AB1', name: '电热水壶 静音款', category: 'kuechengeraete', price: 45, description: '1.7升静音电热水壶，自动断电。', attributes: { brand: '静音' }, tags: ['水壶', '厨房'], warrantyMonths: 12, inStock: true },
    { sku: 'MIXER9000X9000X9000X9000X9000X9000X9000X9000X9000X9000', name: 'Standmixer Küchenheld 9000', category: 'kuechengeraete', price: 129, description: 'Leiser Standmixer mit 1,5 Liter Glasbehälter und sechs Stufen.', attributes: { brand: 'Küchenheld' }, tags: ['Mixer', 'leise'], warrantyMonths: 24, inStock: true, rating: 4.2 },
    { sku: 'WS1001', name: 'Wanderschuhe Gipfelstürmer', category: 'schuhe', price: 149, description: 'Wasserdichte Wanderschuhe mit Vibram-Sohle.', attributes: { brand: 'Gipfel', size: '42' }, tags: ['Wandern', 'wasserdicht'], warrantyMonths: 6, inStock: true },
    { sku: 'BT20000000000000000001', name: 'Кроссовки беговые Ветер', category: 'schuhe', price: 99, description: 'Лёгкие беговые кроссовки.', attributes: { brand: 'Ветер' }, tags: ['бег', 'обувь'], warrantyMonths: 6, inStock: false },
    { sku: 'EL1', name: '无线耳机 降噪 Pro', category: 'elektronik', price: 199, description: '主动降噪无线耳机，续航30小时。', attributes: { brand: '降噪' }, tags: ['耳机', '蓝牙'], warrantyMonths: 24, inStock: true, rating: 4.8 },
    { sku: 'EL22', name: 'Наушники беспроводные Тишина', category: 'elektronik', price: 159, description: 'Беспроводные наушники с шумоподавлением.', attributes: { brand: 'Тишина' }, tags: ['наушники'], warrantyMonths: 24, inStock: true },
    { sku: 'CONSTRUCTOR1', name: 'Constructor Toolkit __proto__ hasOwnProperty', category: 'elektronik', price: 10, description: 'A product whose name is made of Object.prototype words: constructor, toString, valueOf.', attributes: { brand: 'prototype' }, tags: ['constructor', '__proto__', 'toString'], warrantyMonths: 0, inStock: true },
  ],
};

const ORDERS = `orders:
  - id: '1001'
    customer: { name: Анна Иванова, email: anna@example.com }
    status: delivered
    placedDaysAgo: 9
    deliveredDaysAgo: 5
    shipment: { carrier: Пошта, trackingNumber: '0000000000001', shippedDaysAgo: 8 }
    items:
      - { sku: QX7781ZZ0042KLM, quantity: 1 }
      - { sku: AB1, quantity: 2 }
  - id: '1002'
    customer: { name: 王小明, email: wang@example.com }
    status: shipped
    placedDaysAgo: 3
    shipment: { carrier: 顺丰, trackingNumber: SF1234567890, expectedInDays: 2 }
    items:
      - { sku: EL1, quantity: 1 }
  - id: '999999999999'
    customer: { name: Jürgen Groß, email: juergen@example.com }
    status: processing
    placedDaysAgo: 1
    items:
      - { sku: MIXER9000X9000X9000X9000X9000X9000X9000X9000X9000X9000, quantity: 1 }
      - { sku: WS1001, quantity: 1 }
`;

const RETURNS = `defaultWindowDays: 14
windows:
  - { category: schuhe, days: 30 }
conditions:
  - Unbenutzt und in der Originalverpackung.
exceptions:
  - tag: constructor
    windowDays: 1
    rule: Prototype words are an ordinary tag here.
nonReturnable:
  - { category: elektronik, whenOpened: true, reason: Geöffnete Elektronik ist vom Umtausch ausgeschlossen. }
refundMethod: Rückerstattung auf das ursprüngliche Zahlungsmittel
refundDays: 10
howToReturn:
  - Rücksendeetikett im Kundenkonto drucken.
`;

const WARRANTY = `defaultMonths: 24
terms:
  - { category: elektronik, months: 24, covers: [Herstellungsfehler, 电池故障], excludes: [Wasserschaden, физические повреждения] }
howToClaim:
  - Schreiben Sie uns mit der Bestellnummer.
`;

const ARTICLES: Record<string, string> = {
  'versand.md': `---\ntitle: Versand und Lieferung\nurl: https://hostile-store.example/versand\nskills: [other, order_status]\n---\n\n## Lieferzeiten\n\nBestellungen werden innerhalb von 2 Werktagen versandt. Доставка занимает 3-5 дней. 配送需要3到5天。\n\n## Kosten\n\nAb 50 CHF versandkostenfrei.\n`,
  'zahlung.md': `---\ntitle: Оплата 支付\nurl: https://hostile-store.example/zahlung\nskills: [other]\n---\n\n## Способы оплаты\n\nМы принимаем карты Visa и Mastercard. 我们接受支付宝。 Rechnung ab der zweiten Bestellung.\n`,
};

/** Writes the hostile store into a fresh temporary folder (STORE_DIR for the app or the harness). */
export function writeHostileStore(parent = os.tmpdir()): HostileStore {
  const dir = mkdtempSync(path.join(parent, 'switchboard-hostile-store-'));
  writeFileSync(path.join(dir, 'store.yaml'), STORE_YAML);
  writeFileSync(path.join(dir, 'catalog.yaml'), `${JSON.stringify(CATALOG, null, 1)}\n`);
  writeFileSync(path.join(dir, 'orders.yaml'), ORDERS);
  writeFileSync(path.join(dir, 'returns-policy.yaml'), RETURNS);
  writeFileSync(path.join(dir, 'warranty-terms.yaml'), WARRANTY);
  mkdirSync(path.join(dir, 'knowledge'));
  for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(path.join(dir, 'knowledge', name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
