import { loadEvalFile, type EvalCase } from '../cli/eval-data.js';
import type { Engine } from '../core/engine.js';
import type { Rating } from './insights-recorder.js';
import { seededRandom } from '../core/seeded-random.js';
import { ownValue } from '../core/own-keys.js';

/**
 * A seeded replay of labelled eval messages as customer traffic over simulated days, with a
 * skill mix that moves from `mixFrom` on the first day to `mixTo` on the last, on an injected
 * clock. Some customers come back on the same topic hours later, some ask for a person, and
 * some rate the conversation (up when the route matched the label). Used to exercise the
 * Insights page end to end; nothing here is a model of real traffic.
 */
export interface ReplayOptions {
  engine: Engine;
  /** Moves the app's clock (the same clock the app was composed with). */
  setNow: (epochMs: number) => void;
  /** Labelled JSONL files (the store's eval files). */
  files: readonly string[];
  labels: readonly string[];
  /** Midnight (UTC) of the first simulated day. */
  start: number;
  days: number;
  conversationsPerDay: number;
  /** Weight of each label on the first and the last day (linear in between). */
  mixFrom: Record<string, number>;
  mixTo: Record<string, number>;
  seed?: number;
  rate?: (conversationId: string, rating: Rating) => Promise<unknown>;
  /** A customer's request for a person, in their words (the generator's own text). */
  askForPerson?: string;
}

export interface ReplaySummary {
  conversations: number;
  messages: number;
  perDay: Array<Record<string, number>>;
  ratings: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function chooseLabel(weights: Record<string, number>, random: () => number): string {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [label, w] of entries) {
    r -= w;
    if (r <= 0) return label;
  }
  return entries[entries.length - 1]![0];
}

export async function replayTraffic(opts: ReplayOptions): Promise<ReplaySummary> {
  const random = seededRandom(opts.seed ?? 7);
  const byLabel = new Map<string, EvalCase[]>();
  for (const file of opts.files) {
    for (const c of loadEvalFile(file, opts.labels).cases) {
      const list = byLabel.get(c.label) ?? [];
      list.push(c);
      byLabel.set(c.label, list);
    }
  }
  const summary: ReplaySummary = { conversations: 0, messages: 0, perDay: [], ratings: 0 };
  let seq = 0;
  for (let day = 0; day < opts.days; day++) {
    const t = opts.days === 1 ? 0 : day / (opts.days - 1);
    const weights: Record<string, number> = {};
    for (const label of new Set([...Object.keys(opts.mixFrom), ...Object.keys(opts.mixTo)])) {
      if (!byLabel.has(label)) continue;
      weights[label] = (1 - t) * (ownValue(opts.mixFrom, label) ?? 0) + t * (ownValue(opts.mixTo, label) ?? 0);
    }
    const counts: Record<string, number> = {};
    for (let n = 0; n < opts.conversationsPerDay; n++) {
      const label = chooseLabel(weights, random);
      counts[label] = (ownValue(counts, label) ?? 0) + 1;
      const c = pick(byLabel.get(label)!, random);
      const conversationId = `replay_${opts.seed ?? 7}_${day}_${n}`;
      // Spread over the day's opening hours (8:00 to 20:00).
      let now = opts.start + day * 24 * HOUR + 8 * HOUR + Math.floor((n / opts.conversationsPerDay) * 12 * HOUR) + Math.floor(random() * 20) * MINUTE;
      const say = async (text: string) => {
        opts.setNow(now);
        const result = await opts.engine.handle({
          conversationId,
          channel: 'webchat',
          user: { id: `u_${conversationId}` },
          text,
          id: `m${++seq}`,
          receivedAt: now,
          createIfMissing: true,
        });
        // The engine observes a turn (insights' counters) after its reply, in the next turn of the
        // event loop: let that happen at this turn's time, before the clock moves on.
        await new Promise((resolve) => setImmediate(resolve));
        summary.messages++;
        now += 2 * MINUTE;
        return result;
      };
      let last = null;
      for (const turn of c.turns) last = await say(turn);
      summary.conversations++;
      const roll = random();
      if (label === 'other' && roll < 0.35 && opts.askForPerson) {
        await say(opts.askForPerson);
      } else if (roll < 0.12 && c.turns.length === 1) {
        // Back on the same topic a few hours later: the first answer did not settle it.
        now += 3 * HOUR;
        await say(pick(byLabel.get(label)!, random).turns.at(-1)!);
      }
      if (opts.rate && random() < 0.5) {
        opts.setNow(now);
        await opts.rate(conversationId, last?.route?.skill === label ? 'up' : 'down');
        summary.ratings++;
      }
    }
    summary.perDay.push(counts);
  }
  return summary;
}
