import type { Store } from '../core/store.js';
import { daysBetween, weekOf } from './days.js';
import { ALL, HANDOFF_REASONS, METRICS, ROUTE_METHODS, field, handoffMetric, methodMetric, skillDim, type HandoffReason } from './fields.js';
import { INSIGHTS_AGGREGATE, dayBucket } from './insights-recorder.js';
import { ownValue } from '../core/own-keys.js';

/** What the page shows next to the figures, so nobody has to guess what a rate means. */
export const DEFINITIONS = {
  conversation:
    'A conversation episode: messages of one conversation with no gap longer than 24 hours. A conversation counts for each skill and prompt variant that answered in it.',
  resolution:
    'Automated resolution: a conversation that ended (24 hours without a message) without a hand-off to a person and without the customer coming back on the same topic (a message to the same skill more than 30 minutes after the previous one) within those 24 hours, after at least one bot answer. Rate = resolved / ended.',
  handoffRate: 'Hand-off rate: conversations handed to a person (the escalation queue, a skill whose default is a person, or an agent taking over) / conversations.',
  guardRate: "Guard-trigger rate: bot replies the answer guard rejected at least once / bot replies.",
  costPerResolved: 'Tokens and cost per resolved conversation: all model tokens and cost in the period / automated resolutions in the period.',
  unanswered: "Unanswered: messages routed to 'other' below the router threshold, to a clarifying question or the fallback, or handed off.",
  rating: "Rating: the customer's thumbs up or down at the end of a conversation (the last one counts); share = up / (up + down).",
} as const;

export interface Figures {
  conversations: number;
  messages: number;
  replies: number;
  offline: number;
  methods: Record<string, number>;
  handoffs: number;
  handoffRate: number | null;
  handoffReasons: Partial<Record<HandoffReason, number>>;
  guard: number;
  guardRate: number | null;
  unanswered: number;
  ended: number;
  resolved: number;
  resolutionRate: number | null;
  returned: number;
  ratings: { up: number; down: number; upShare: number | null };
  tokens: number;
  costUsd: number;
  tokensPerResolved: number | null;
  costPerResolved: number | null;
}

export interface InsightsReport {
  from: string;
  to: string;
  timeZone: string;
  definitions: typeof DEFINITIONS;
  totals: Figures;
  skills: Array<{ skill: string; figures: Figures; variants: Array<{ variant: string; figures: Figures }> }>;
  series: {
    days: string[];
    conversations: number[];
    messages: number[];
    handoffRate: Array<number | null>;
    resolutionRate: Array<number | null>;
    guardRate: Array<number | null>;
    unanswered: number[];
    ratingUp: number[];
    ratingDown: number[];
    costUsd: number[];
    methods: Record<string, number[]>;
    /** Customer messages per skill per day. */
    skills: Record<string, number[]>;
  };
  shift: SkillShift;
}

export interface SkillShift {
  weeks: Array<{
    /** Monday of the week. */
    week: string;
    messages: number;
    /** Each skill's share of the week's routed messages. */
    share: Record<string, number>;
    /** Change of each skill's share since the week before, in share points (absent for the first week). */
    change?: Record<string, number>;
    /** Half the sum of the share changes (0: the same mix, 1: a different one). */
    moved?: number;
  }>;
  /** The weeks whose mix moved most (at least 5 points), most first. */
  mostMoved: string[];
}

type Counters = Record<string, number>;

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function figuresOf(c: Counters, dim: string): Figures {
  const get = (metric: string) => ownValue(c, field(dim, metric)) ?? 0;
  const methods: Record<string, number> = {};
  for (const m of ROUTE_METHODS) {
    const n = get(methodMetric(m));
    if (n) methods[m] = n;
  }
  const handoffReasons: Partial<Record<HandoffReason, number>> = {};
  for (const r of HANDOFF_REASONS) {
    const n = get(handoffMetric(r));
    if (n) handoffReasons[r] = n;
  }
  const conversations = get(METRICS.conversations);
  const resolved = get(METRICS.resolved);
  const ended = get(METRICS.ended);
  const up = get(METRICS.ratingUp);
  const down = get(METRICS.ratingDown);
  const tokens = get(METRICS.tokens);
  const costUsd = get(METRICS.costMicros) / 1_000_000;
  const handoffs = get(METRICS.handoffs);
  const replies = get(METRICS.replies);
  const guard = get(METRICS.guard);
  return {
    conversations,
    messages: get(METRICS.messages),
    replies,
    offline: get(METRICS.offline),
    methods,
    handoffs,
    handoffRate: ratio(handoffs, conversations),
    handoffReasons,
    guard,
    guardRate: ratio(guard, replies),
    unanswered: get(METRICS.unanswered),
    ended,
    resolved,
    resolutionRate: ratio(resolved, ended),
    returned: get(METRICS.returned),
    ratings: { up, down, upShare: ratio(up, up + down) },
    tokens,
    costUsd,
    tokensPerResolved: ratio(tokens, resolved),
    costPerResolved: ratio(costUsd, resolved),
  };
}

function sum(days: readonly Counters[]): Counters {
  const out: Counters = {};
  for (const d of days) for (const [k, v] of Object.entries(d)) out[k] = (ownValue(out, k) ?? 0) + v;
  return out;
}

/** Skills and variants present in the counters (fields `s:<skill>|…`, `v:<skill>:<variant>|…`), plus the known skills. */
function dimensions(total: Counters, knownSkills: readonly string[]): Map<string, Set<string>> {
  const skills = new Map<string, Set<string>>();
  for (const s of knownSkills) skills.set(s, new Set());
  for (const key of Object.keys(total)) {
    const dim = key.slice(0, key.indexOf('|'));
    if (dim.startsWith('s:')) {
      const s = dim.slice(2);
      if (!skills.has(s)) skills.set(s, new Set());
    } else if (dim.startsWith('v:')) {
      const rest = dim.slice(2);
      const sep = rest.indexOf(':');
      const s = rest.slice(0, sep);
      if (!skills.has(s)) skills.set(s, new Set());
      skills.get(s)!.add(rest.slice(sep + 1));
    }
  }
  return skills;
}

export function skillShift(days: readonly string[], counters: readonly Counters[], skills: readonly string[]): SkillShift {
  const byWeek = new Map<string, Counters>();
  days.forEach((day, i) => {
    const week = weekOf(day);
    byWeek.set(week, sum([byWeek.get(week) ?? {}, counters[i] ?? {}]));
  });
  const weeks: SkillShift['weeks'] = [];
  let previous: Record<string, number> | null = null;
  for (const [week, c] of [...byWeek.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const counts = skills.map((s) => ownValue(c, field(skillDim(s), METRICS.messages)) ?? 0);
    const messages = counts.reduce((a, b) => a + b, 0);
    const share: Record<string, number> = {};
    skills.forEach((s, i) => (share[s] = messages ? counts[i]! / messages : 0));
    const row: SkillShift['weeks'][number] = { week, messages, share };
    if (previous && messages > 0) {
      const change: Record<string, number> = {};
      let moved = 0;
      for (const s of skills) {
        const delta = (ownValue(share, s) ?? 0) - (ownValue(previous, s) ?? 0);
        change[s] = delta;
        moved += Math.abs(delta);
      }
      row.change = change;
      row.moved = moved / 2;
    }
    weeks.push(row);
    if (messages > 0) previous = share;
  }
  const mostMoved = weeks
    .filter((w) => (w.moved ?? 0) >= 0.05)
    .sort((a, b) => (b.moved ?? 0) - (a.moved ?? 0))
    .slice(0, 2)
    .map((w) => w.week);
  return { weeks, mostMoved };
}

/** The per-day counters of [from, to], read in one call (days of one aggregate), summed per skill and variant. */
export async function readDays(store: Store, from: string, to: string): Promise<{ days: string[]; counters: Counters[] }> {
  const days = daysBetween(from, to);
  const counters = await store.readCounters(INSIGHTS_AGGREGATE, days.map(dayBucket));
  return { days, counters };
}

export async function buildReport(input: { store: Store; from: string; to: string; timeZone: string; knownSkills: readonly string[] }): Promise<InsightsReport> {
  const { days, counters } = await readDays(input.store, input.from, input.to);
  const total = sum(counters);
  const dims = dimensions(total, input.knownSkills);
  const skillIds = [...dims.keys()];
  const perDay = counters.map((c) => figuresOf(c, ALL));
  const methods: Record<string, number[]> = {};
  for (const m of ROUTE_METHODS) methods[m] = counters.map((c) => ownValue(c, field(ALL, methodMetric(m))) ?? 0);
  const skillSeries: Record<string, number[]> = {};
  for (const s of skillIds) skillSeries[s] = counters.map((c) => ownValue(c, field(skillDim(s), METRICS.messages)) ?? 0);
  return {
    from: input.from,
    to: input.to,
    timeZone: input.timeZone,
    definitions: DEFINITIONS,
    totals: figuresOf(total, ALL),
    skills: skillIds.map((skill) => ({
      skill,
      figures: figuresOf(total, skillDim(skill)),
      variants: [...dims.get(skill)!].sort().map((variant) => ({ variant, figures: figuresOf(total, `v:${skill}:${variant}`) })),
    })),
    series: {
      days,
      conversations: perDay.map((f) => f.conversations),
      messages: perDay.map((f) => f.messages),
      handoffRate: perDay.map((f) => f.handoffRate),
      resolutionRate: perDay.map((f) => f.resolutionRate),
      guardRate: perDay.map((f) => f.guardRate),
      unanswered: perDay.map((f) => f.unanswered),
      ratingUp: perDay.map((f) => f.ratings.up),
      ratingDown: perDay.map((f) => f.ratings.down),
      costUsd: perDay.map((f) => f.costUsd),
      methods,
      skills: skillSeries,
    },
    shift: skillShift(days, counters, skillIds),
  };
}
