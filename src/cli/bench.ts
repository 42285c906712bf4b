import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { parseEnv } from '../config/config.js';
import { priceTableFromEnv } from '../model/price-table.js';
import { REPO_ROOT } from '../bench/child.js';
import { runCostBench } from '../bench/cost-bench.js';
import { defaultDataPaths, loadEvalMessages, seededShuffle } from '../bench/eval-messages.js';
import { LOAD_MESSAGES } from '../bench/load-messages.js';
import { silentLogger } from '../core/logger.js';
import { createRouter } from '../router/create-router.js';
import { runOverhead } from '../bench/http-overhead.js';
import { runStreaming } from '../bench/http-streaming.js';
import { runThroughput } from '../bench/http-throughput.js';
import { cleanUpPrefix, redisAvailable } from '../bench/redis-admin.js';
import { catalogTable, costTable, evaluateGoals, goalsTable, hostileTable, profileTable, SOAK_GOAL_MB_PER_MIN, soakTable, stateTable, summaryTable, throughputTable } from '../bench/report.js';
import { renderBenchmarksMarkdown } from '../bench/render-markdown.js';
import { chartPanels, renderBarChartSvg } from '../bench/render-svg.js';
import { renderTextTable } from '../bench/render-table.js';
import { parseBenchResults, type BenchResults } from '../bench/results-schema.js';
import { loadBenchSkillSet, runRouterBench } from '../bench/router-bench.js';
import { runStateBench } from '../bench/state-bench.js';
import { countTurnRoundTrips, formatRoundTrips } from '../bench/state-roundtrips.js';
import { roundTripTable } from '../bench/state-roundtrips-schema.js';
import { runHostileBench } from '../bench/hostile-bench.js';
import { runSoak } from '../bench/soak-bench.js';
import { runCatalogBench } from '../bench/catalog-bench.js';

export const BENCH_USAGE = `Usage: npm run bench [-- --json] [--quick] [--only SECTIONS] [--soak SECONDS] [--catalog SIZES] [--no-redis] [--no-write] [--data FILE ...]

  --json          also print all results as one JSON object on the last line (progress goes to stderr)
  --quick         shorter runs (development); the committed figures come from a full run
  --only LIST     comma-separated sections: router,overhead,streaming,throughput,state,cost,hostile,soak,catalog
                  (sections not run keep their figures from the previous bench/results.json)
  --soak SECONDS  length of the memory soak (default 60, --quick 20; the issue's figure: --soak 300)
  --catalog SIZES comma-separated generated catalog sizes (default 1000,10000,100000; --quick 1000,10000)
  --no-redis      skip the Redis variants (also skipped, with a note, when REDIS_URL does not answer)
  --no-write      do not write bench/results.json, docs/benchmarks.md and docs/benchmarks.svg
  --data FILE     labelled JSONL for the router and cost sections (default: ../shared/eval/hint3-*-test.jsonl)
  --render        measure nothing: print and re-render docs/benchmarks.md and .svg from bench/results.json

Environment: REDIS_URL (default redis://127.0.0.1:6379), MODEL_PRICE_INPUT, MODEL_PRICE_CACHED_INPUT,
MODEL_PRICE_OUTPUT (USD per million tokens), ROUTER_THRESHOLD, OPENAI_MODEL (tokenizer),
BENCH_DATA_DIR (folder of the HINT3 files), BENCH_CPU_PROF=DIR (the overhead section's servers write V8 CPU profiles of the measured turns there; summarise with src/bench/profile-summary.ts),
BENCH_TRACE_GC=1 (servers under test print their GC pauses).`;

const SECTIONS = ['router', 'overhead', 'streaming', 'throughput', 'state', 'cost', 'hostile', 'soak', 'catalog'] as const;
type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  only: Set<Section>;
  redis: boolean;
  write: boolean;
  render: boolean;
  data: string[];
  soakSeconds: number;
  catalogSizes: number[];
}

function positiveInts(text: string, what: string): number[] {
  const list = text.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${what} must be positive whole numbers, comma-separated (got "${text}")`);
  return list;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      only: { type: 'string' },
      'no-redis': { type: 'boolean' },
      'no-write': { type: 'boolean' },
      data: { type: 'string', multiple: true },
      render: { type: 'boolean' },
      soak: { type: 'string' },
      catalog: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) throw new Error('help');
  const only = new Set<Section>();
  for (const s of (values.only ?? SECTIONS.join(',')).split(',').map((x) => x.trim()).filter(Boolean)) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section "${s}" in --only (sections: ${SECTIONS.join(', ')})`);
    only.add(s as Section);
  }
  return {
    json: values.json ?? false,
    quick: values.quick ?? false,
    only,
    redis: !(values['no-redis'] ?? false),
    write: !(values['no-write'] ?? false),
    render: values.render ?? false,
    data: values.data ?? defaultDataPaths(),
    soakSeconds: values.soak ? positiveInts(values.soak, '--soak')[0]! : values.quick ? 20 : 60,
    catalogSizes: values.catalog ? positiveInts(values.catalog, '--catalog') : values.quick ? [1000, 10_000] : [1000, 10_000, 100_000],
  };
}

/** Only the variables the bench reads, through the app's own schema (defaults and validation included). */
function benchEnv() {
  const e = process.env;
  return parseEnv({
    MODEL_PRICE_INPUT: e.MODEL_PRICE_INPUT,
    MODEL_PRICE_CACHED_INPUT: e.MODEL_PRICE_CACHED_INPUT,
    MODEL_PRICE_OUTPUT: e.MODEL_PRICE_OUTPUT,
    ROUTER_THRESHOLD: e.ROUTER_THRESHOLD,
    OPENAI_MODEL: e.OPENAI_MODEL,
    REDIS_URL: e.REDIS_URL,
  });
}

export async function runBench(opts: BenchOptions, argv: string[]): Promise<BenchResults> {
  const log = (line: string) => process[opts.json ? 'stderr' : 'stdout'].write(`${line}\n`);
  const env = benchEnv();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = { node: process.versions.node, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown', loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) };
  const q = opts.quick;
  const notes: string[] = [];
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runPrefix = `bench:${randomUUID().slice(0, 8)}:`;
  const redisNeeded = opts.redis && (['overhead', 'throughput', 'state'] as const).some((s) => opts.only.has(s));
  const redisUp = redisNeeded ? await redisAvailable(redisUrl) : false;
  if (redisNeeded && !redisUp) notes.push(`Redis at ${redisUrl} did not answer: the Redis variants were skipped.`);
  if (!opts.redis) notes.push('Redis variants skipped (--no-redis).');
  const redis = (sub: string) => (redisUp ? { url: redisUrl, prefix: `${runPrefix}${sub}:` } : null);

  const set = await loadBenchSkillSet();
  const data = loadEvalMessages(opts.data, [...set.skills.keys()]);
  if (!data && (opts.only.has('router') || opts.only.has('cost'))) {
    notes.push(`Router and cost sections skipped: data file(s) not found (${opts.data.join(', ')}); pass --data FILE or set BENCH_DATA_DIR.`);
  }
  const prices = priceTableFromEnv(env);
  // HTTP load: the HINT3 customer messages (shuffled once, read at run time) when present, else our own few.
  const texts = data ? seededShuffle(data.messages.map((m) => m.text)) : [...LOAD_MESSAGES];
  const textsNote = data
    ? `the ${texts.length} messages of ${data.files.join(' and ')} in a fixed shuffled order`
    : `the ${texts.length} messages of src/bench/load-messages.ts (HINT3 files not found)`;
  const localGuess = createRouter({ skills: set, model: null, threshold: env.ROUTER_THRESHOLD, logger: silentLogger });
  const pickSkill = (text: string) => localGuess.classify(text).skill;
  const results: Omit<BenchResults, 'goals'> = {
    version: 1,
    startedAt,
    durationSeconds: 0,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    machine,
    router: null,
    overhead: null,
    streaming: null,
    throughput: null,
    state: null,
    cost: null,
    hostile: null,
    soak: null,
    catalog: null,
    notes,
  };

  try {
    if (opts.only.has('router') && data) {
      log('1. router');
      results.router = await runRouterBench({
        messages: data.messages,
        files: data.files,
        threshold: env.ROUTER_THRESHOLD,
        modelDelayMs: 300,
        concurrency: 16,
        alwaysSample: q ? 48 : 96,
        minSeconds: q ? 0.5 : 1.5,
        log,
      });
      const x = results.router;
      notes.push(
        `Router: classify() and route() (local classifier + policy, no model) of src/router/create-router.ts vs nlp.js (src/cli/eval-nlpjs.ts, same shipped examples), each timed per call over the ${x.messages} messages of ${x.files.join(' and ')} after a warm-up on training examples, one call at a time; the three take turns, one pass over the messages each (the order reversed every other round), until each has run ≥ ${q ? 0.5 : 1.5} s, so all three are measured under the same load on a shared machine; classifications/s are per second of the process's CPU time (process.cpuUsage), the median over passes (wall time also counts other processes' turns on the CPU), p50/p99 are wall time per call.`,
        `Router with a model: test/fakes/fake-openai-server.ts with a fixed ${x.modelDelayMs} ms delay, concurrency ${x.concurrency}. Switchboard's router (ROUTER_THRESHOLD ${x.threshold}) routed all ${x.messages} messages (measured); the always-model router (src/router/model-router.ts on every message) routed a sample of ${x.alwaysModel.sample} spread across the files, and its time per 1,000 messages is extrapolated linearly from that sample at the same concurrency.`,
      );
    }
    if (opts.only.has('overhead')) {
      log('2. overhead per turn');
      results.overhead = await runOverhead({ turns: q ? 150 : 600, warmup: q ? 30 : 100, turnsPerConversation: 4, redis: redis('overhead'), texts, pickSkill, log, profileTurns: q ? 100 : 300 });
      notes.push(
        `Overhead: POST /api/chat/conversations/:id/messages (JSON reply) through the real app (src/main.ts start(), rate limits raised, LOG_LEVEL silent) in its own process, against the floor: ${results.overhead.floorKind}. Instant fake model (test/fakes/fake-openai-server.ts, instant). One request at a time, the variants interleaved round by round, ${results.overhead.turnsPerVariant} turns each after ${q ? 30 : 100} warm-up turns; a new conversation every ${results.overhead.turnsPerConversation} turns (opening it is neither timed nor counted in the CPU per turn, nor profiled: the floor opens none). Messages: ${textsNote}; ${Math.round(results.overhead.routedByModelShare * 100)}% of Switchboard's turns were routed by the model router (a second, instant model call, whose fake answer agrees with the local classifier's best guess), which the floor never makes.`,
      );
    }
    if (opts.only.has('streaming')) {
      log('3. streaming');
      // The benchmark's own messages, each a skill request the model answers: an eval message the
      // router answers locally (out of scope, a hand-off) streams no model token to time.
      results.streaming = await runStreaming({ turns: q ? 50 : 200, warmup: q ? 10 : 20, gapMs: 5, texts: LOAD_MESSAGES, log });
      notes.push(
        `Streaming: over the benchmark's own skill requests (src/bench/load-messages.ts), a new conversation each turn, a fake model (src/bench/timed-model-server.ts) streams 5 chunks ${results.streaming.chunkGapMs} ms apart and records when it writes the first content token; the client (same process, same monotonic clock) records when eventsource-parser yields the first \`delta\` event. Added = difference, per turn; the floor relays the SDK's deltas as SSE from a bare express handler.`,
      );
    }
    if (opts.only.has('throughput')) {
      log('4. throughput');
      results.throughput = await runThroughput({
        connections: [1, 16, 64],
        durationSeconds: q ? 2 : 5,
        conversations: q ? 500 : 2000,
        redis: redis('throughput'),
        floor: true,
        texts,
        pickSkill,
        log,
        equalTurns: q ? 2000 : 5000,
      });
      notes.push(
        `Throughput: autocannon 9 in the bench process, ${q ? 2 : 5} s per level, against the app in its own process with the instant fake model (in the bench process); each request goes to the next of ${results.throughput.conversations} fresh conversations round-robin (one conversation serialises its turns), with ${textsNote}. Turns/s counts 2xx replies. Peak RSS is the app process's VmHWM after the run. The floor at the highest concurrency is for reference. Peak RSS grows with the turns served until a full GC, and in the same seconds the app serves fewer turns than the floor, so the app (memory store) and the floor are also each run in a fresh process at the highest concurrency for exactly ${q ? '2,000' : '5,000'} turns (the rows "N turns") and their peak RSS compared at equal work; the goal is still judged on the timed figure. All three processes share the machine's ${machine.cpus} cores.`,
      );
    }
    if (opts.only.has('state')) {
      log('5. scale of state');
      results.state = await runStateBench({ sizes: q ? [10_000] : [10_000, 100_000], redis: redis('state'), log });
      const rt = redis('roundtrips');
      if (rt) {
        results.state.roundTrips = await countTurnRoundTrips({ redisUrl: rt.url, prefix: rt.prefix });
        log(formatRoundTrips(results.state.roundTrips));
      }
      notes.push(
        'State: a fresh process per store and size stores N web chat conversations (conversation record + a customer message + a bot reply with route, cost and flags) through the Store API, then reports its RSS after GC, the Redis INFO used_memory delta and MEMORY USAGE summed over the run\'s keys (both include the keys\' overhead; other clients of the same Redis can disturb the INFO delta), and the time to load a random conversation as a turn does (getConversation + getMessages limit 20), 1,800 loads after 200 warm-up. Redis keys use a unique prefix and are deleted afterwards.',
      );
    }
    if (opts.only.has('cost') && data) {
      log('6. cost per turn');
      results.cost = await runCostBench({ messages: data.messages, files: data.files, prices, threshold: env.ROUTER_THRESHOLD, log });
      notes.push(
        `Cost: every message of ${results.cost.files.join(' and ')} is replayed as the first turn of its own conversation through the real engine (compose(), memory store, ROUTER_THRESHOLD ${env.ROUTER_THRESHOLD}) against a counting fake model. The fake's router answer agrees with the local classifier's best guess; its skill answer is plain text, so tool rounds (which a real model adds for some turns, in both designs alike) are not counted. Skill prompt tokens are those of the prompt assembler (src/skills/prompt-assembler.ts) with no history; router prompt tokens are counted on the request actually sent. Cached prefix: OpenAI's rule (prompts ≥ 1,024 tokens, 128-token steps) applied to the fixed prefix (system prompt, core demonstrations, tool definitions; for the router its system prompt and examples), assuming a warm cache. Completion tokens are estimated: each skill's mean demonstrated reply, and a short JSON route for the router. Model-first design: one router call (same router prompt, counted per message) for every message plus the same skill answers; it would also answer the turns Switchboard clarifies, so its figures are a lower bound. Prices (USD per 1M tokens): input ${prices.input}, cached input ${prices.cachedInput}, output ${prices.output} (MODEL_PRICE_*).`,
      );
    }
    if (opts.only.has('hostile')) {
      log('7. hostile input');
      results.hostile = await runHostileBench({ minCpuMs: q ? 100 : 400, typicalMessages: 120, log });
      notes.push(
        `Hostile input: CPU time (process.cpuUsage) per message of each step a message goes through, called in the bench process on the shipped skills and store (src/fuzz/direct-targets.ts): the router (route(): classifier and policy), the offline responder of each of the 4 skills, product search, and the answer guard with the prompt the assembler builds for the message (prompt similarity, retrieval and token counting included) and a reply quoting the message. Typical: the mean over ${results.hostile.typicalMessages} of the shipped routing examples, measured again right before each hostile input and step, and the ratio taken against that (earlier inputs change the process's state: after long CJK or Cyrillic text, typical guard calls got slower too). Hostile: the issue's reproductions, long single tokens in four scripts, ordinary requests joined up to the 2,000-character limit, and the slowest input per step of the last \`npm run fuzz\` (bench/fuzz-worst.json); every repetition is numbered, so no cache keyed by the whole message answers it, and a hostile message is also rotated, so no cache keyed by the whole message does, and one input is 300 words never seen before, new on every call, so nothing keyed by a word does either (typical messages keep their words, as customers share most of theirs); the texts of a batch (at least 20 calls) are made before the clock starts. Each measurement starts with 30 untimed calls (the first calls of a new kind of text run while V8 re-optimises) and then loops for at least ${q ? 50 : 200} ms of CPU; each (typical, input) pair is measured 3 times and the median ratio is kept (single pairs moved 2-5× between identical runs). Goal: the worst ratio ≤ ${results.hostile.goalRatio}×.`,
      );
    }
    if (opts.only.has('soak')) {
      log('8. memory soak');
      results.soak = await runSoak({
        seconds: opts.soakSeconds,
        connections: 16,
        turnsPerConversation: 4,
        sampleEverySeconds: opts.soakSeconds >= 120 ? 5 : 2,
        warmupShare: 0.3,
        goalSlopeMbPerMin: SOAK_GOAL_MB_PER_MIN,
        maxConversations: 50,
        texts,
        pickSkill,
        log,
      });
      const s = results.soak;
      notes.push(
        `Soak: the app (memory store) in its own process with the instant fake model; ${s.connections} clients each open a conversation, send it ${s.turnsPerConversation} turns (${textsNote}) and move on to a new one, for ${s.durationSeconds} s; MEMORY_STORE_MAX_CONVERSATIONS=${s.maxConversations}, which bounds the memory store's conversations and, at 10 per conversation, its answered-markers and counters, so its bounded state is full after about ${s.maxConversations * 10} turns; what still grows after that is not bounded by the store. RSS (/proc VmRSS) and V8 heap used (after a forced full GC in the server, which runs with --expose-gc) are sampled every ${opts.soakSeconds >= 120 ? 5 : 2} s; the slope is a least-squares fit after the first ${s.warmupSeconds} s (30%, the heap growing to its working size). Goal: RSS flat, i.e. a slope ≤ ${s.goalSlopeMbPerMin} MB/min (the issue asks for 5 minutes: \`npm run bench -- --only soak --soak 300\`). Peak RSS at 64 connections vs the floor's comes from the throughput section (VmHWM of each server process).`,
      );
    }
    if (opts.only.has('catalog')) {
      log('9. catalog scale');
      results.catalog = await runCatalogBench({ sizes: opts.catalogSizes, yamlUpTo: 10_000, importUpTo: q ? 10_000 : 100_000, messages: texts.slice(0, 200), minMs: q ? 300 : 1000, queries: 120, log });
      notes.push(
        `Catalog: generated catalogs (src/bench/catalog-generator.ts from bench/catalog-words.yaml: ${results.catalog.runs[1]?.categories ?? '?'} categories, brands made of syllables, 3 attributes a product, tags, log-uniform prices; the shipped store's products first, so its orders and policies stay valid), written as JSON-shaped YAML, each measured in a fresh process against the shipped store (81 products) measured the same way: start() with STORE_DIR on the folder (catalog read + parse + validate, search index, skills, router training; the process's modules already loaded), from process start (module loading under tsx included), the folder's load alone, router retrain() alone (median of 3), product search (searchProducts, ${results.catalog.queries} customer-like queries drawn from the largest catalog: types, brands, colours under a price, attributes; each timed alone: a first pass with every word new to search's expansion cache, then passes looped ≥ ${q ? 0.3 : 1} s for p50/p99), routing CPU per message (route(): classifier + policy, no model, over ${results.catalog.messages} of the bench's messages) and RSS after a forced GC. The routing ratio against the shipped store is paired: each generated catalog's process also starts the shipped store and routes the same messages with both routers in alternating rounds (ABBA, the median of ≥ 5 rounds), because separate processes differ by about ±20% in routing speed, more than a catalog's size changes it. Import: \`npm run store:import -- --format csv\` of the same catalog as a CSV feed (category paths, attribute columns mapped with --map), timed in the bench process, for sizes up to ${q ? '10,000' : '100,000'} (it writes the catalog JSON-shaped, a product a line, and validates the folder by loading it). Block YAML (a hand-written catalog's usual form) is also loaded once for sizes up to 10,000; the generated folders measured above are JSON-shaped YAML, which the loader reads with JSON.parse.`,
      );
    }
  } finally {
    if (redisUp) {
      const deleted = await cleanUpPrefix(redisUrl, runPrefix).catch(() => -1);
      log(deleted >= 0 ? `redis: deleted ${deleted} keys under ${runPrefix}` : `redis: could not clean up ${runPrefix}*`);
    }
  }
  results.durationSeconds = Math.round((performance.now() - started) / 100) / 10;
  return parseBenchResults({ ...results, goals: evaluateGoals(results) });
}

export function printReport(r: BenchResults, out: (line: string) => void): void {
  out('');
  for (const n of r.notes) if (/skipped/.test(n)) out(`note: ${n}`);
  out(renderTextTable(summaryTable(r)));
  for (const t of [goalsTable(r), profileTable(r), throughputTable(r), stateTable(r), roundTripTable(r.state?.roundTrips), costTable(r), hostileTable(r), soakTable(r), catalogTable(r)]) {
    if (!t) continue;
    out('');
    out(renderTextTable(t));
  }
}

const RESULTS_FILE = path.join(REPO_ROOT, 'bench/results.json');

/**
 * With --only, the sections not run this time keep the figures of the previous
 * bench/results.json (and a note says from which run), so one section can be re-measured
 * without erasing the others.
 */
export function withPreviousSections(r: BenchResults, only: ReadonlySet<string>): BenchResults {
  if (SECTIONS.every((s) => only.has(s)) || !existsSync(RESULTS_FILE)) return r;
  let previous: BenchResults;
  try {
    previous = parseBenchResults(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')));
  } catch {
    return r;
  }
  const merged: BenchResults = { ...r, notes: [...r.notes] };
  const kept: string[] = [];
  for (const s of SECTIONS) {
    if (only.has(s) || merged[s] || !previous[s]) continue;
    (merged as Record<string, unknown>)[s] = previous[s];
    kept.push(s);
  }
  if (kept.length === 0) return r;
  const oldNotes = previous.notes.filter((n) => kept.some((s) => n.toLowerCase().startsWith(s)));
  merged.notes.push(...oldNotes, `Sections ${kept.join(', ')}: figures of the run of ${previous.startedAt.slice(0, 10)} (\`${previous.command}\`), not re-measured by this run.`);
  return parseBenchResults({ ...merged, goals: evaluateGoals(merged) });
}

export function writeOutputs(r: BenchResults, opts: { results: boolean } = { results: true }): string[] {
  const resultsFile = RESULTS_FILE;
  const docsFile = path.join(REPO_ROOT, 'docs/benchmarks.md');
  const svgFile = path.join(REPO_ROOT, 'docs/benchmarks.svg');
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  if (opts.results) writeFileSync(resultsFile, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(svgFile, renderBarChartSvg('Switchboard benchmark (blue: Switchboard; grey: the alternative)', chartPanels(r)));
  writeFileSync(docsFile, renderBenchmarksMarkdown(r, 'benchmarks.svg'));
  return [...(opts.results ? [resultsFile] : []), docsFile, svgFile].map((f) => path.relative(process.cwd(), f));
}

export async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(argv);
  } catch (err) {
    const message = (err as Error).message;
    if (message === 'help') {
      process.stdout.write(`${BENCH_USAGE}\n`);
      return 0;
    }
    process.stderr.write(`bench: ${message}\n\n${BENCH_USAGE}\n`);
    return 2;
  }
  if (opts.render) {
    const r = parseBenchResults(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')));
    printReport(r, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`\nwrote ${writeOutputs(r, { results: false }).join(', ')}\n`);
    return 0;
  }
  const r = withPreviousSections(await runBench(opts, argv), opts.only);
  const say = (line: string) => process[opts.json ? 'stderr' : 'stdout'].write(`${line}\n`);
  printReport(r, say);
  if (opts.write) say(`\nwrote ${writeOutputs(r).join(', ')}`);
  if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
