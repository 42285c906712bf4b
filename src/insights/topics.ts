import { seededRandom } from '../core/seeded-random.js';
import { createHash } from 'node:crypto';
import type { kmeans as KMeans } from 'ml-kmeans';
import type { StoredMessage } from '../core/conversation.js';
import { lazyImport } from '../core/lazy-import.js';
import type { Store } from '../core/store.js';
import { maskPii } from '../privacy/pii.js';
import { terms } from '../skills/similarity.js';
import { repositoryRetrievalWords, type RetrievalWords } from '../locale/retrieval-section.js';
import { dayNumber, daysBetween, weekOf } from './days.js';
import { INSIGHTS_AGGREGATE, allBucket, unansweredBucket, type SampleEntry } from './insights-recorder.js';
import { ownValue } from '../core/own-keys.js';

/**
 * Unanswered topics and the shift of top terms, computed from the bounded per-day samples
 * (references to messages, never copies) and the masked transcripts they point to. A
 * transcript that expired or was erased simply drops out. Everything is bounded: at most
 * MAX_MESSAGES messages are vectorised, over at most MAX_TERMS terms, and grouped with k-means.
 */
export const MAX_MESSAGES = 600;
const MAX_TERMS = 300;
const MAX_TOPICS = 12;
const EXAMPLES_PER_TOPIC = 6;
const MEMBERS_PER_TOPIC = 200;
/** A term is shown only when this many different conversations used it in the period: no one customer's words. */
export const MIN_TERM_CONVERSATIONS = 3;
const READ_BATCH = 25;

export interface TopicExample {
  conversationId: string;
  messageId: string;
  day: string;
  skill: string | null;
  kind: string | null;
  /** Masked customer text. */
  text: string;
}

export interface Topic {
  id: string;
  label: string;
  terms: string[];
  /** Sampled messages in the topic. */
  sampled: number;
  /** Estimated messages in the period (each sampled message stands for offered/kept of its day). */
  size: number;
  /** Estimated hand-offs among them: how much the topic costs agents. */
  handoffs: number;
  trend: { early: number; late: number; direction: 'rising' | 'falling' | 'steady' | 'new' };
  skills: Record<string, number>;
  examples: TopicExample[];
  /** Message references of the topic (for help-article drafts), bounded. */
  members: Array<{ c: string; m: string }>;
}

export interface TermWeek {
  week: string;
  sampled: number;
  top: Array<{ term: string; share: number; change: number | null }>;
  rising: Array<{ term: string; change: number }>;
  falling: Array<{ term: string; change: number }>;
  /** Sum of the absolute share changes of the terms shown (how much the vocabulary moved). */
  moved: number | null;
}

export interface TopicsResult {
  from: string;
  to: string;
  computedAt: number;
  /** Unanswered messages offered to the samples in the period, sampled, and found in transcripts. */
  unanswered: { offered: number; sampled: number; read: number };
  topics: Topic[];
  terms: { weeks: TermWeek[]; mostMoved: string[] };
}


function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Sampled {
  entry: SampleEntry;
  /** How many offered messages this sampled one stands for. */
  weight: number;
}

function parseEntry(raw: string): SampleEntry | null {
  try {
    const e = JSON.parse(raw) as SampleEntry;
    return typeof e.c === 'string' && typeof e.m === 'string' && typeof e.d === 'string' ? e : null;
  } catch {
    return null;
  }
}

async function readSampled(store: Store, buckets: string[]): Promise<{ offered: number; items: Sampled[] }> {
  const samples = await store.readSamples(INSIGHTS_AGGREGATE, buckets);
  let offered = 0;
  const items: Sampled[] = [];
  for (const s of samples) {
    offered += s.offered;
    const weight = s.values.length ? s.offered / s.values.length : 0;
    for (const raw of s.values) {
      const entry = parseEntry(raw);
      if (entry) items.push({ entry, weight });
    }
  }
  return { offered, items };
}

/** The masked text of each referenced customer message still in its transcript (read once per conversation). */
export async function readTexts(store: Store, refs: ReadonlyArray<{ c: string; m: string }>): Promise<Map<string, string>> {
  const byConversation = new Map<string, Set<string>>();
  for (const r of refs) {
    let set = byConversation.get(r.c);
    if (!set) byConversation.set(r.c, (set = new Set()));
    set.add(r.m);
  }
  const texts = new Map<string, string>();
  const ids = [...byConversation.keys()];
  for (let i = 0; i < ids.length; i += READ_BATCH) {
    const batch = ids.slice(i, i + READ_BATCH);
    const histories = await Promise.all(batch.map((c) => store.getMessages(c)));
    batch.forEach((c, j) => {
      const wanted = byConversation.get(c)!;
      for (const m of histories[j]!) if (m.role === 'customer' && wanted.has(m.id)) texts.set(`${c} ${m.id}`, maskPii(m.text));
    });
  }
  return texts;
}

/** Reads whole transcripts (for help-article drafts): customer message, and the agent replies that followed it. */
export async function readExchanges(store: Store, refs: ReadonlyArray<{ c: string; m: string }>): Promise<Array<{ question: string; answers: string[] }>> {
  const byConversation = new Map<string, Set<string>>();
  for (const r of refs) {
    let set = byConversation.get(r.c);
    if (!set) byConversation.set(r.c, (set = new Set()));
    set.add(r.m);
  }
  const out: Array<{ question: string; answers: string[] }> = [];
  for (const [c, wanted] of byConversation) {
    const history: StoredMessage[] = await store.getMessages(c);
    history.forEach((m, i) => {
      if (m.role !== 'customer' || !wanted.has(m.id)) return;
      const answers: string[] = [];
      for (const next of history.slice(i + 1)) {
        if (next.role === 'customer') break;
        if (next.role === 'agent') answers.push(maskPii(next.text));
        // A draft an agent edited before sending is an agent's answer too.
        if (next.role === 'bot' && next.draft?.status === 'approved' && next.draft.editedBy) answers.push(maskPii(next.text));
      }
      out.push({ question: maskPii(m.text), answers });
    });
  }
  return out;
}

/** Stems of a text, each once, with the surface word seen for each. */
function stemsOf(text: string, surface: Map<string, Map<string, number>>, retrieval: RetrievalWords): string[] {
  const words = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[a-z0-9]+/g) ?? [];
  const stems = terms(text, retrieval);
  // terms() keeps order and drops stopwords; map each stem back to the first word that produced it.
  for (const w of words) {
    const [stem] = terms(w, retrieval);
    if (!stem) continue;
    let seen = surface.get(stem);
    if (!seen) surface.set(stem, (seen = new Map()));
    seen.set(w, (seen.get(w) ?? 0) + 1);
  }
  return [...new Set(stems.filter((t) => /[a-z]/.test(t) && t.length >= 3))];
}

function displayWord(stem: string, surface: Map<string, Map<string, number>>): string {
  const seen = surface.get(stem);
  if (!seen) return stem;
  return [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

interface Doc {
  item: Sampled;
  text: string;
  stems: string[];
}

/**
 * ml-kmeans, imported when topics are first grouped (an Insights page asks for them), not at
 * start: it and the ml-* packages it pulls in are about 250 modules, 15-22 MB of RSS in every
 * process, most of which never groups topics (issue 20: peak RSS).
 */
const loadKmeans = lazyImport(async (): Promise<typeof KMeans> => (await import('ml-kmeans')).kmeans);

/** Groups unanswered messages into topics with k-means over TF-IDF vectors; ordered by estimated hand-offs, then size. */
export function groupTopics(
  docs: readonly Doc[],
  range: { from: string; to: string },
  seed: number,
  retrieval: RetrievalWords,
  kmeans: typeof KMeans,
): Topic[] {
  if (docs.length === 0) return [];
  const surface = new Map<string, Map<string, number>>();
  for (const d of docs) stemsOf(d.text, surface, retrieval);
  const df = new Map<string, number>();
  for (const d of docs) for (const s of d.stems) df.set(s, (df.get(s) ?? 0) + 1);
  const vocabulary = [...df.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_TERMS)
    .map(([t]) => t);
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const idf = vocabulary.map((t) => Math.log((docs.length + 1) / (df.get(t)! + 1)) + 1);
  const usable: Array<{ doc: Doc; vector: number[] }> = [];
  for (const doc of docs) {
    const v = new Array<number>(vocabulary.length).fill(0);
    for (const s of doc.stems) {
      const i = index.get(s);
      if (i !== undefined) v[i] = idf[i]!;
    }
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    if (norm === 0) continue;
    usable.push({ doc, vector: v.map((x) => x / norm) });
  }
  if (usable.length === 0) return [];
  const k = Math.max(1, Math.min(MAX_TOPICS, Math.round(Math.sqrt(usable.length / 2)), usable.length));
  const clusters = k === 1 ? usable.map(() => 0) : kmeans(usable.map((u) => u.vector), k, { seed, initialization: 'kmeans++', maxIterations: 60 }).clusters;

  const mid = (dayNumber(range.from) + dayNumber(range.to) + 1) / 2;
  const topics: Topic[] = [];
  for (let c = 0; c < k; c++) {
    const members = usable.filter((_, i) => clusters[i] === c);
    if (members.length === 0) continue;
    const centroid = new Array<number>(vocabulary.length).fill(0);
    for (const m of members) m.vector.forEach((x, i) => (centroid[i]! += x / members.length));
    const top = centroid
      .map((w, i) => ({ w, i }))
      .filter((t) => t.w > 0)
      .sort((a, b) => b.w - a.w)
      .slice(0, 4)
      .map((t) => displayWord(vocabulary[t.i]!, surface));
    let size = 0;
    let handoffs = 0;
    let early = 0;
    let late = 0;
    const skills: Record<string, number> = {};
    for (const m of members) {
      const e = m.doc.item.entry;
      size += m.doc.item.weight;
      if (e.h) handoffs += m.doc.item.weight;
      if (dayNumber(e.d) < mid) early += m.doc.item.weight;
      else late += m.doc.item.weight;
      const s = e.s ?? 'none';
      skills[s] = (ownValue(skills, s) ?? 0) + 1;
    }
    const closeness = (v: number[]) => v.reduce((a, x, i) => a + x * centroid[i]!, 0);
    const examples = [...members]
      .sort((a, b) => closeness(b.vector) - closeness(a.vector))
      .slice(0, EXAMPLES_PER_TOPIC)
      .map((m) => ({
        conversationId: m.doc.item.entry.c,
        messageId: m.doc.item.entry.m,
        day: m.doc.item.entry.d,
        skill: m.doc.item.entry.s,
        kind: m.doc.item.entry.k ?? null,
        text: m.doc.text,
      }));
    const direction = early === 0 ? 'new' : late > early * 1.25 ? 'rising' : late < early * 0.8 ? 'falling' : 'steady';
    const label = top.slice(0, 3).join(' · ') || 'misc';
    topics.push({
      id: createHash('sha256').update(`${range.from}\n${range.to}\n${label}\n${examples[0]?.messageId ?? ''}`).digest('hex').slice(0, 12),
      label,
      terms: top,
      sampled: members.length,
      size: Math.round(size),
      handoffs: Math.round(handoffs),
      trend: { early: Math.round(early), late: Math.round(late), direction },
      skills,
      examples,
      members: members.slice(0, MEMBERS_PER_TOPIC).map((m) => ({ c: m.doc.item.entry.c, m: m.doc.item.entry.m })),
    });
  }
  return topics.sort((a, b) => b.handoffs - a.handoffs || b.size - a.size || a.label.localeCompare(b.label));
}

/** Week-over-week shares of the top terms, from the sample of all messages. */
export function termShift(docs: readonly Doc[], retrieval: RetrievalWords = repositoryRetrievalWords()): { weeks: TermWeek[]; mostMoved: string[] } {
  const surface = new Map<string, Map<string, number>>();
  for (const d of docs) stemsOf(d.text, surface, retrieval);
  // Terms several conversations used over the period; anything rarer may be one customer's words.
  const conversations = new Map<string, Set<string>>();
  for (const d of docs) {
    for (const s of d.stems) {
      let set = conversations.get(s);
      if (!set) conversations.set(s, (set = new Set()));
      set.add(d.item.entry.c);
    }
  }
  const shared = new Set([...conversations.entries()].filter(([, cs]) => cs.size >= MIN_TERM_CONVERSATIONS).map(([s]) => s));
  const byWeek = new Map<string, Doc[]>();
  for (const d of docs) {
    const w = weekOf(d.item.entry.d);
    const list = byWeek.get(w) ?? [];
    list.push(d);
    byWeek.set(w, list);
  }
  const weeks: TermWeek[] = [];
  let previous: Map<string, number> | null = null;
  for (const [week, list] of [...byWeek.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const counts = new Map<string, number>();
    for (const d of list) for (const s of d.stems) if (shared.has(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
    const share = new Map([...counts.entries()].map(([s, n]) => [s, n / list.length]));
    const top = [...share.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 8)
      .map(([s, v]) => ({ term: displayWord(s, surface), share: v, change: previous ? v - (previous.get(s) ?? 0) : null }));
    const changes = previous
      ? [...new Set([...share.keys(), ...previous.keys()])].map((s) => ({ term: displayWord(s, surface), change: (share.get(s) ?? 0) - (previous!.get(s) ?? 0) }))
      : [];
    const rising = changes.filter((c) => c.change > 0).sort((a, b) => b.change - a.change).slice(0, 5);
    const falling = changes.filter((c) => c.change < 0).sort((a, b) => a.change - b.change).slice(0, 5);
    const moved = previous ? [...rising, ...falling].reduce((a, c) => a + Math.abs(c.change), 0) : null;
    weeks.push({ week, sampled: list.length, top, rising, falling, moved });
    previous = share;
  }
  const mostMoved = weeks
    .filter((w) => (w.moved ?? 0) > 0)
    .sort((a, b) => (b.moved ?? 0) - (a.moved ?? 0))
    .slice(0, 2)
    .map((w) => w.week);
  return { weeks, mostMoved };
}

/** Reads the samples of [from, to] and the texts they point to, then groups topics and term shifts. */
export async function computeTopics(input: {
  store: Store;
  from: string;
  to: string;
  now: number;
  seed?: number;
  /** The locale packs' retrieval words and stemming; the repository's by default. */
  retrieval?: RetrievalWords;
}): Promise<TopicsResult> {
  const retrieval = input.retrieval ?? repositoryRetrievalWords();
  const { store, from, to } = input;
  const seed = input.seed ?? 20_250_101;
  const days = daysBetween(from, to);
  const random = seededRandom(seed);
  const unanswered = await readSampled(store, days.map(unansweredBucket));
  const all = await readSampled(store, days.map(allBucket));
  const pickedU = shuffled(unanswered.items, random).slice(0, MAX_MESSAGES);
  const pickedA = shuffled(all.items, random).slice(0, MAX_MESSAGES);
  const texts = await readTexts(store, [...pickedU, ...pickedA].map((i) => i.entry));
  const surface = new Map<string, Map<string, number>>();
  const docsOf = (items: Sampled[]): Doc[] =>
    items.flatMap((item) => {
      const text = texts.get(`${item.entry.c} ${item.entry.m}`);
      return text === undefined ? [] : [{ item, text, stems: stemsOf(text, surface, retrieval) }];
    });
  const docsU = docsOf(pickedU);
  return {
    from,
    to,
    computedAt: input.now,
    unanswered: { offered: unanswered.offered, sampled: unanswered.items.length, read: docsU.length },
    topics: groupTopics(docsU, { from, to }, seed, retrieval, await loadKmeans()),
    terms: termShift(docsOf(pickedA), retrieval),
  };
}
