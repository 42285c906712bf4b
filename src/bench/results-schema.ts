import { z } from 'zod';
import { roundTripSectionSchema } from './state-roundtrips-schema.js';

/**
 * The shape of bench/results.json. `npm run bench` validates its own output against it
 * before writing, and docs/benchmarks.md is rendered from a parsed file, so a figure
 * that is missing or of the wrong kind fails loudly instead of rendering as "undefined".
 * A section is null when it was skipped (e.g. no Redis) and the notes say why.
 */
const num = z.number();
const maybe = num.nullable();

const latencyUs = z.object({ perSecond: num, p50Us: num, p99Us: num });
const latencyMs = z.object({ n: z.number().int(), p50Ms: num, p99Ms: num, meanMs: num });

export const routerSectionSchema = z.object({
  messages: z.number().int(),
  files: z.array(z.string()),
  threshold: num,
  local: latencyUs,
  localRoute: latencyUs,
  nlpjs: latencyUs,
  modelDelayMs: num,
  concurrency: z.number().int(),
  switchboard: z.object({ messages: z.number().int(), modelCalls: z.number().int(), wallMs: num, per1000WallMs: num, per1000ModelCalls: num }),
  alwaysModel: z.object({
    sample: z.number().int(),
    wallMs: num,
    p50Ms: num,
    p99Ms: num,
    per1000WallMs: num,
    per1000ModelCalls: num,
    extrapolated: z.boolean(),
  }),
  localOverNlpjs: maybe,
  wallRatio: maybe,
  callsRatio: maybe,
});

export const overheadSectionSchema = z.object({
  turnsPerVariant: z.number().int(),
  turnsPerConversation: z.number().int(),
  floorKind: z.string(),
  floor: latencyMs,
  memory: latencyMs,
  redis: latencyMs.nullable(),
  memoryRatio: z.object({ p50: maybe, p99: maybe }),
  redisRatio: z.object({ p50: maybe, p99: maybe }).nullable(),
  routedByModelShare: num,
  /** Server CPU time per turn (user + system), measured in the server's process: robust to other load on the machine. */
  cpuMsPerTurn: z.object({ floor: num, memory: num, redis: maybe }),
  cpuRatio: z.object({ memory: maybe, redis: maybe }),
  /** Where the time goes (issue 20.1): a profiled window after the timed one. Absent in older results. */
  profile: z
    .object({
      turns: z.number().int(),
      floorBusyMsPerTurn: num,
      memoryBusyMsPerTurn: num,
      modules: z.array(z.object({ name: z.string(), memoryMsPerTurn: num, floorMsPerTurn: num })),
      functions: z.array(z.object({ name: z.string(), memoryMsPerTurn: num })),
    })
    .nullable()
    .optional(),
});

export const streamingSectionSchema = z.object({
  turns: z.number().int(),
  chunkGapMs: num,
  switchboard: latencyMs,
  floor: latencyMs,
  addedOverFloorP50Ms: maybe,
});

export const throughputRunSchema = z.object({
  target: z.enum(['memory', 'redis', 'floor']),
  connections: z.number().int(),
  durationSeconds: num,
  turns: z.number().int(),
  turnsPerSecond: num,
  p50Ms: num,
  p99Ms: num,
  errors: z.number().int(),
  non2xx: z.number().int(),
  timeouts: z.number().int(),
  peakRssMb: maybe,
  /** Server CPU ms per 2xx turn during the run; 1000 / this is the turns/s one free core could serve. */
  cpuMsPerTurn: maybe,
  /** CPU the server used during the run, in cores (1 = one core busy the whole time). */
  serverCores: maybe,
  /** CPU of the bench process (autocannon and the fake model) during the run, in cores: near 1, it was the bottleneck. */
  loadGeneratorCores: maybe,
});

export const throughputSectionSchema = z.object({
  conversations: z.number().int(),
  runs: z.array(throughputRunSchema),
  /**
   * The app (memory store) and the floor at the highest concurrency for the same number of turns,
   * each in a fresh process: peak RSS at equal work (the timed runs serve fewer turns on the app,
   * which is slower, and RSS grows with turns until a full GC). Absent in older results.
   */
  equalTurns: z.object({ turns: z.number().int(), runs: z.array(throughputRunSchema) }).optional(),
});

export const stateRunSchema = z.object({
  store: z.enum(['memory', 'redis']),
  conversations: z.number().int(),
  messagesPerConversation: z.number().int(),
  fillMs: num,
  rssMb: num,
  rssDeltaMb: num,
  loadP50Us: num,
  loadP99Us: num,
  redisUsedMemoryDeltaMb: maybe,
  redisKeyBytesPerConversation: maybe,
});

/** roundTrips: Redis round trips per turn kind (src/bench/state-roundtrips.ts), when Redis was there. */
export const stateSectionSchema = z.object({ runs: z.array(stateRunSchema), roundTrips: roundTripSectionSchema.nullable().optional() });

export const skillCostSchema = z.object({
  skill: z.string(),
  turns: z.number().int(),
  share: num,
  promptTokens: num,
  cachedPrefixTokens: num,
  completionTokens: num,
  skillCallsPerTurn: num,
  usdPerTurn: num,
});

export const costSectionSchema = z.object({
  turns: z.number().int(),
  files: z.array(z.string()),
  prices: z.object({ input: num, cachedInput: num, output: num }),
  tokenizer: z.string(),
  skills: z.array(skillCostSchema),
  router: z.object({ calls: z.number().int(), promptTokens: num, cachedPrefixTokens: num, completionTokens: num, usdPerCall: num }),
  switchboard: z.object({ modelCallsPerTurn: num, routerCallsPerTurn: num, skillCallsPerTurn: num, usdPer1000Turns: num }),
  modelFirst: z.object({ modelCallsPerTurn: num, usdPer1000Turns: num }),
  methods: z.record(z.string(), z.number().int()),
  guardRetries: z.number().int(),
});

/** Issue 14: CPU per message of each step for hostile inputs, as a ratio to typical messages. */
export const hostileSectionSchema = z.object({
  typicalMessages: z.number().int(),
  goalRatio: num,
  worstRatio: num,
  targets: z.array(z.object({ target: z.string(), typicalUs: num, worstInput: z.string(), worstUs: num, worstRatio: num })),
  inputs: z.array(z.object({ name: z.string(), source: z.enum(['named', 'fuzz']), chars: z.number().int(), us: z.record(z.string(), num), ratio: z.record(z.string(), num) })),
});

/** Issue 20.3: RSS of the app under a steady load of conversations that come and go. */
export const soakSectionSchema = z.object({
  store: z.enum(['memory', 'redis']),
  maxConversations: z.number().int(),
  connections: z.number().int(),
  durationSeconds: num,
  turnsPerConversation: z.number().int(),
  turns: z.number().int(),
  conversations: z.number().int(),
  errors: z.number().int(),
  turnsPerSecond: num,
  /** Seconds of the start left out of the slope (heap growing to its working size). */
  warmupSeconds: num,
  rssStartMb: num,
  rssEndMb: num,
  peakRssMb: maybe,
  /** Least-squares slope of RSS (and of heap used) over the soak after the warm-up, MB per minute. */
  rssSlopeMbPerMin: num,
  heapSlopeMbPerMin: maybe,
  goalSlopeMbPerMin: num,
  /** [seconds since start, RSS MB, heap used MB], one row every few seconds. */
  samples: z.array(z.tuple([num, num, maybe])),
});

export const catalogRunSchema = z.object({
  /** 'shipped' for the default store folder, else the generated catalog's size. */
  size: z.string(),
  products: z.number().int(),
  categories: z.number().int(),
  fileMb: maybe,
  generateMs: maybe,
  /** Reading, parsing and validating the store folder (JSON-shaped catalog for generated sizes). */
  loadMs: num,
  /** The same catalog written as block YAML (what store:import writes): load time, when measured. */
  yamlLoadMs: maybe,
  /** `npm run store:import -- --format csv` of the same catalog as a CSV feed, when measured (absent before it existed). */
  importMs: maybe.optional(),
  /** start(): everything from the environment to listening, in a process whose modules are loaded. */
  startMs: num,
  /** From the process's start to listening: module loading (under tsx) and start(). */
  coldStartMs: num,
  trainMs: num,
  searchP50Us: num,
  searchP99Us: num,
  /** The first pass over the queries: every word new to search's per-word expansion cache. */
  searchFirstP50Us: num,
  searchFirstP99Us: num,
  searches: z.number().int(),
  routeUsPerMessage: num,
  /** Routing CPU over the shipped store's, both routers in one process in alternating rounds (median); absent before it existed. */
  routePairedRatio: maybe.optional(),
  rssMb: num,
  heapUsedMb: num,
});

export const catalogSectionSchema = z.object({
  queries: z.number().int(),
  messages: z.number().int(),
  runs: z.array(catalogRunSchema),
  largest: z.string(),
  /** Routing CPU per message with the largest catalog over the shipped store's: the paired in-process ratio when measured. */
  routeRatioLargest: maybe,
});

export const goalSchema = z.object({
  id: z.string(),
  label: z.string(),
  target: z.string(),
  measured: maybe,
  unit: z.string(),
  met: z.boolean().nullable(),
});

export const benchResultsSchema = z.object({
  version: z.literal(1),
  startedAt: z.string(),
  durationSeconds: num,
  command: z.string(),
  machine: z.object({ node: z.string(), platform: z.string(), cpus: z.number().int(), cpuModel: z.string(), loadAverage: z.array(num) }),
  router: routerSectionSchema.nullable(),
  overhead: overheadSectionSchema.nullable(),
  streaming: streamingSectionSchema.nullable(),
  throughput: throughputSectionSchema.nullable(),
  state: stateSectionSchema.nullable(),
  cost: costSectionSchema.nullable(),
  /** Absent in results written before issue 14. */
  hostile: hostileSectionSchema.nullable().optional(),
  /** Absent in results written before issue 20. */
  soak: soakSectionSchema.nullable().optional(),
  catalog: catalogSectionSchema.nullable().optional(),
  goals: z.array(goalSchema),
  notes: z.array(z.string()),
});

export type BenchResults = z.infer<typeof benchResultsSchema>;
export type RouterSection = z.infer<typeof routerSectionSchema>;
export type OverheadSection = z.infer<typeof overheadSectionSchema>;
export type StreamingSection = z.infer<typeof streamingSectionSchema>;
export type ThroughputSection = z.infer<typeof throughputSectionSchema>;
export type ThroughputRun = z.infer<typeof throughputRunSchema>;
export type StateSection = z.infer<typeof stateSectionSchema>;
export type StateRun = z.infer<typeof stateRunSchema>;
export type CostSection = z.infer<typeof costSectionSchema>;
export type SkillCost = z.infer<typeof skillCostSchema>;
export type Goal = z.infer<typeof goalSchema>;
export type HostileSection = z.infer<typeof hostileSectionSchema>;
export type SoakSection = z.infer<typeof soakSectionSchema>;
export type CatalogRun = z.infer<typeof catalogRunSchema>;
export type CatalogSection = z.infer<typeof catalogSectionSchema>;

/** Parses results JSON, with the first problems named (path: message). */
export function parseBenchResults(value: unknown): BenchResults {
  const r = benchResultsSchema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'results'}: ${i.message}`);
  throw new Error(`bench results do not match the schema: ${problems.join('; ')}`);
}
