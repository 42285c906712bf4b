import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDirectHarness, DIRECT_TARGETS, type DirectHarness, type DirectTarget } from '../fuzz/direct-targets.js';
import { examplesOf } from '../router/router-prompt.js';
import { REPO_ROOT } from './child.js';
import { seededRandom } from '../core/seeded-random.js';
import { MESSAGE_LIMIT, NAMED_HOSTILE, SCRIPTS } from './hostile-inputs.js';
import type { HostileSection } from './results-schema.js';
import { round } from './stats.js';

/** The slowest input per step of the last `npm run fuzz` (src/cli/fuzz.ts writes it). */
export const FUZZ_WORST_FILE = path.join(REPO_ROOT, 'bench/fuzz-worst.json');

export interface HostileBenchOptions {
  /** CPU milliseconds each measurement loops for at least. */
  minCpuMs: number;
  typicalMessages: number;
  log: (line: string) => void;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The message of repetition `i`, numbered so that no cache keyed by the whole message (token
 * counts, prompt pieces) answers it from an earlier repetition; a hostile message is also
 * rotated by a few characters, so no cache keyed by its words (spelling, letter n-grams,
 * search expansions) does either: an attacker sends new text every time. Typical messages
 * keep their words, as real customers share most of theirs.
 */
let serial = 0;

function variant(text: string, i: number, rotate: boolean): string {
  let body = text;
  if (rotate && text.length > 1) {
    let k = (i * 7) % text.length;
    // Never split a surrogate pair.
    if (k > 0 && text.charCodeAt(k - 1) >= 0xd800 && text.charCodeAt(k - 1) <= 0xdbff) k++;
    body = text.slice(k) + text.slice(0, k);
  }
  const out = `${i} ${body}`;
  if (out.length <= MESSAGE_LIMIT) return out;
  const cut = out.charCodeAt(MESSAGE_LIMIT - 1) >= 0xd800 && out.charCodeAt(MESSAGE_LIMIT - 1) <= 0xdbff ? MESSAGE_LIMIT - 1 : MESSAGE_LIMIT;
  return out.slice(0, cut);
}

const WARM_UP_CALLS = 30;
/** Measured pairs (typical beside, then the input) per input and step; the median counts. */
const REPEATS = 3;

/** Calls between two reads of the CPU clock, whatever the number of texts (one hostile input or 120 typical ones). */
const CALLS_PER_CLOCK_READ = 20;

/** The text of call `i`: a fresh variant of one of `texts`, or a new text altogether. */
type MakeText = (i: number) => string;

/** 300 six-letter words no earlier message had: nothing keyed by a word (spelling, search terms) has seen them. */
function newWords(i: number): string {
  const next = seededRandom(1_000_003 + i);
  const letters = SCRIPTS.latin;
  const words: string[] = [];
  for (let w = 0; w < 300; w++) {
    let word = '';
    for (let k = 0; k < 6; k++) word += letters[Math.floor(next() * letters.length)]!;
    words.push(word);
  }
  return words.join(' ').slice(0, MESSAGE_LIMIT);
}

/** CPU ms per call of `target` over `texts` in fresh variants, looped for at least `minCpuMs`. */
async function measure(h: DirectHarness, target: DirectTarget, texts: readonly string[], minCpuMs: number, hostile: boolean, make?: MakeText): Promise<number> {
  const textOf: MakeText = make ?? ((i) => variant(texts[i % texts.length]!, i, hostile));
  // Whole passes over the texts, at least CALLS_PER_CLOCK_READ calls each: a one-text input
  // read the clock after every call and paid for it, 120 typical messages once per 120.
  const perBatch = Math.max(texts.length, Math.ceil(CALLS_PER_CLOCK_READ / texts.length) * texts.length);
  let calls = 0;
  let rep = 0;
  // Untimed calls first, until the process is steady on this kind of text: the first calls of a
  // new kind (another script, a two-byte string, a long token) run while V8 deoptimises and
  // re-optimises the functions it meets and compiles regexes for two-byte subjects. Measured
  // alone, the guard on 2,000 CJK characters costs 10 ms a call over its first 25 calls and
  // 4-5 ms after; the typical messages are measured over hundreds of calls, so they were steady.
  for (let i = 0; i < WARM_UP_CALLS; i++) await h.run(target, textOf(++serial));
  let spent = 0;
  do {
    // Numbered across the whole run: no message is ever sent twice. Made before the clock
    // starts: making 300 new words costs about a typical routing call of its own.
    const batch = Array.from({ length: perBatch }, () => textOf(++serial));
    const start = cpuMs();
    for (const text of batch) await h.run(target, text);
    spent += cpuMs() - start;
    calls += perBatch;
    rep++;
  } while (spent < minCpuMs || rep < 2);
  return spent / calls;
}

/** Every n-th routing example of the shipped skills: ordinary customer messages of every kind. */
function typicalMessages(h: DirectHarness, n: number): string[] {
  const all = examplesOf(h.composed.skills.current()).flatMap((s) => [...s.examples]);
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((_, i) => i % step === 0).slice(0, n);
}

function fuzzWorst(): Array<{ name: string; text: string }> {
  if (!existsSync(FUZZ_WORST_FILE)) return [];
  const file = JSON.parse(readFileSync(FUZZ_WORST_FILE, 'utf8')) as { seed: number; worst: Record<string, { input: string }> };
  return Object.entries(file.worst).map(([target, w]) => ({ name: `fuzzer's slowest for ${target} (seed ${file.seed})`, text: w.input }));
}

/**
 * The "hostile input" section (issue 14): CPU per message of each step a message goes through
 * (router, offline responder of every skill, product search, guard with its prompt) for the
 * issue's reproductions, long single tokens in four scripts, a message at the length limit
 * made of ordinary requests, and the slowest inputs the fuzzer found, each as a ratio to the
 * mean over typical messages measured right before it. Goal: the worst ratio at most 3×.
 */
export async function runHostileBench(opts: HostileBenchOptions): Promise<HostileSection> {
  const h = await createDirectHarness();
  try {
    const typical = typicalMessages(h, opts.typicalMessages);
    const longOrdinary = typical.join(' ').slice(0, MESSAGE_LIMIT);
    const inputs = [
      ...NAMED_HOSTILE.map(([name, text]) => ({ name, text, source: 'named' as const })),
      { name: 'ordinary requests up to the limit', text: longOrdinary, source: 'named' as const },
      // Rotation keeps an input's words; an attacker can also send words never seen before.
      { name: '300 new random words every message', text: newWords(0), source: 'named' as const, make: newWords },
      ...fuzzWorst().map((w) => ({ ...w, source: 'fuzz' as const })),
    ];
    const typicalUs: Record<string, number> = {};
    for (const target of DIRECT_TARGETS) {
      typicalUs[target] = (await measure(h, target, typical, opts.minCpuMs, false)) * 1000;
      opts.log(`  ${target}: typical ${round(typicalUs[target]!, 1)} µs CPU per message`);
    }
    const rows: HostileSection['inputs'] = [];
    for (const input of inputs) {
      const us: Record<string, number> = {};
      const ratio: Record<string, number> = {};
      for (const target of DIRECT_TARGETS) {
        // The typical messages again, right before: the ratio compares the two in the same state
        // of the process (JIT, caches, heap), which earlier inputs change (after long CJK or
        // Cyrillic text every call of the guard got slower, typical ones too).
        // Three pairs, the median ratio: one pair's CPU time now and then takes a full GC or a
        // descheduling of its own, which moved single figures 2-5x between identical runs.
        const pairs: Array<{ us: number; ratio: number }> = [];
        for (let k = 0; k < REPEATS; k++) {
          const beside = (await measure(h, target, typical, opts.minCpuMs / 2, false)) * 1000;
          const own = (await measure(h, target, [input.text], opts.minCpuMs / 2, true, 'make' in input ? input.make : undefined)) * 1000;
          pairs.push({ us: own, ratio: own / beside });
        }
        const mid = pairs.sort((a, b) => a.ratio - b.ratio)[Math.floor(REPEATS / 2)]!;
        us[target] = round(mid.us, 1) ?? 0;
        ratio[target] = round(mid.ratio, 2) ?? 0;
      }
      rows.push({ name: input.name, source: input.source, chars: input.text.length, us, ratio });
      opts.log(`  ${input.name}: ${DIRECT_TARGETS.map((t) => `${t} ${ratio[t]}×`).join(', ')}`);
    }
    const worst = DIRECT_TARGETS.map((target) => {
      const top = rows.reduce((a, b) => ((b.ratio[target] ?? 0) > (a.ratio[target] ?? 0) ? b : a));
      return { target, typicalUs: round(typicalUs[target]!, 1) ?? 0, worstInput: top.name, worstUs: top.us[target] ?? 0, worstRatio: top.ratio[target] ?? 0 };
    });
    return { typicalMessages: typical.length, goalRatio: 3, targets: worst, inputs: rows, worstRatio: Math.max(...worst.map((w) => w.worstRatio)) };
  } finally {
    await h.close();
  }
}
