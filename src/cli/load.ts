import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../test/fakes/fake-openai-server.js';
import { parseLoadArgs, type LoadArgs } from './load-args.js';
import { formatProcessesReport, processCounts, runProcesses } from './load-processes.js';
import { startPrivateRedis, type PrivateRedis } from './load-redis.js';
import { formatLoadReport, summariseSoak, type FaultReport, type LoadReport } from './load-report.js';
import { countLost, openConversations, runPhase, type Acked } from './load-run.js';
import { round1, sampleMemory, startAppTarget, type AppTarget } from './load-target.js';

/**
 * `npm run load [-- --json] [--soak-seconds N] [--faults]`: load, soak and fault runs against
 * the web chat API on loopback only, bounded in time (issue 7, point 7). The app runs as a
 * child process exactly as `npm start` runs it; the model is the instant fake OpenAI server.
 */

const FAULT_SECONDS = 24;
const SOAK_CONNECTIONS = 16;
const FAULT_CONNECTIONS = 16;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function appEnv(fake: FakeOpenAIServer, redisUrl: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: 'load-test',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    // Load comes from one address and a few hundred conversations: the limits would answer most of it with 429.
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000000',
    ...extra,
  };
}

async function loadAndSoak(args: LoadArgs, fake: FakeOpenAIServer, log: (s: string) => void): Promise<Pick<LoadReport, 'levels' | 'soak' | 'exitCode'>> {
  const redis = args.store === 'redis' ? await startPrivateRedis({ durable: false }) : null;
  let target: AppTarget | undefined;
  try {
    target = await startAppTarget(appEnv(fake, redis?.url));
    const levels: LoadReport['levels'] = [];
    for (const connections of args.levels) {
      const chats = await openConversations(target.url, Math.max(args.conversations, connections * 2));
      const before = await target.memory();
      const sampler = sampleMemory(target, 1000);
      const phase = await runPhase({ url: target.url, chats, connections, seconds: args.seconds, tag: `c${connections}` });
      const samples = await sampler.stop();
      const peak = Math.max(...samples.map((s) => s.rssMb), before?.rssMb ?? 0);
      levels.push({ ...phase, rssMb: { before: round1(before?.rssMb ?? Number.NaN), peak: round1(peak) } });
      log(
        `  c=${connections}: ${phase.throughputRps} turns/s, p50 ${phase.latencyMs.p50} ms, p97.5 ${phase.latencyMs.p97_5} ms, p99 ${phase.latencyMs.p99} ms, ` +
          `non-2xx ${phase.non2xx}, errors ${phase.errors}, busy ${phase.busy}, peak RSS ${round1(peak)} MB`,
      );
    }
    let soak: LoadReport['soak'];
    if (args.soakSeconds > 0) {
      log(`  soak: ${args.soakSeconds} s at ${SOAK_CONNECTIONS} connections...`);
      const chats = await openConversations(target.url, args.conversations);
      const sampler = sampleMemory(target, Math.max(1000, Math.round((args.soakSeconds * 1000) / 40)));
      const phase = await runPhase({ url: target.url, chats, connections: SOAK_CONNECTIONS, seconds: args.soakSeconds, tag: 'soak' });
      soak = summariseSoak(phase, await sampler.stop());
      log(`  soak: ${phase.ok} turns, heap floor growth ${soak.heapFloorGrowthMb} MB, RSS peak growth ${soak.rssPeakGrowthMb} MB -> ${soak.flat ? 'flat' : 'NOT flat'}`);
    }
    const exitCode = await target.stop();
    target = undefined;
    return { levels, soak, exitCode };
  } finally {
    await target?.stop();
    await redis?.close();
  }
}

async function faultRun(args: LoadArgs, fake: FakeOpenAIServer, log: (s: string) => void): Promise<FaultReport> {
  const redis: PrivateRedis = await startPrivateRedis({ durable: !args.volatileRedis });
  let target: AppTarget | undefined;
  const timeline: FaultReport['timeline'] = [];
  const started = Date.now();
  const mark = (event: string) => {
    timeline.push({ t: round1((Date.now() - started) / 1000), event });
    log(`    ${timeline.at(-1)!.t}s ${event}`);
  };
  try {
    target = await startAppTarget(
      appEnv(fake, redis.url, {
        MODEL_MAX_RETRIES: '1',
        MODEL_TIMEOUT_MS: '2000',
        MODEL_BREAKER_FAILURES: '5',
        MODEL_BREAKER_RESET_MS: '2000',
        // Keep every message of the run in history, so a missing one is a loss, not trimming.
        HISTORY_MAX_MESSAGES: '5000',
      }),
    );
    const url = target.url;
    const chats = await openConversations(url, args.conversations);
    const acked: Acked[] = [];
    const statuses: Record<string, number> = {};

    // /readyz and the breaker state as the run goes, to show that health tells the truth.
    let watching = true;
    let lastReady = '';
    const watcher = (async () => {
      while (watching) {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
        const body = res ? ((await res.json().catch(() => ({}))) as { checks?: { model?: { detail?: string } } }) : {};
        const state = res ? `/readyz ${res.status} (model ${(body.checks?.model?.detail ?? '?').split(':')[0]})` : '/readyz no answer';
        if (state !== lastReady) mark(state);
        lastReady = state;
        await sleep(200);
      }
    })();

    let modelFailing = false;
    fake.handle(() => (modelFailing ? { kind: 'error', status: 500, headers: { 'retry-after-ms': '10' } } : null));
    mark('load starts');
    const faults = (async () => {
      await sleep(4000);
      modelFailing = true;
      mark('model starts failing (HTTP 500)');
      await sleep(6000);
      modelFailing = false;
      mark('model healthy again');
      await sleep(2000);
      await redis.kill();
      mark('redis-server killed (SIGKILL)');
      await sleep(3000);
      await redis.start();
      mark('redis-server started (same port, AOF replayed)');
    })();
    const phase = await runPhase({ url, chats, connections: FAULT_CONNECTIONS, seconds: FAULT_SECONDS, tag: 'fault', acked, statuses });
    await faults;
    const readyAgain = Date.now();
    while ((await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) !== 200) {
      if (Date.now() - readyAgain > 30_000) throw new Error('the app did not become ready again within 30 s after the fault run');
      await sleep(200);
    }
    watching = false;
    await watcher;
    const { checked, lost } = await countLost(url, chats, acked);
    const exitCode = await target.stop();
    target = undefined;
    const unexpected = Object.entries(statuses)
      .filter(([code]) => !/^2/.test(code) && code !== '503')
      .reduce((n, [, c]) => n + c, 0);
    log(`  faults: ${phase.requests} requests, ${acked.length} acknowledged, ${statuses['503'] ?? 0} x 503, lost ${lost.length}`);
    return {
      seconds: phase.seconds,
      connections: FAULT_CONNECTIONS,
      requests: phase.requests,
      acknowledged: checked,
      statuses,
      unexpectedStatuses: unexpected,
      connectionErrors: phase.errors,
      timeouts: phase.timeouts,
      latencyMs: phase.latencyMs,
      lost: lost.length,
      lostExamples: lost.slice(0, 5),
      timeline,
      exitCode,
    };
  } finally {
    fake.handle(null);
    await target?.stop();
    await redis.close();
  }
}

async function main(): Promise<void> {
  let args: LoadArgs;
  try {
    args = parseLoadArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = (s: string) => {
    if (!args.json) process.stdout.write(`${s}\n`);
    else process.stderr.write(`${s}\n`);
  };
  // Bounded in time whatever happens: every phase plus start-up and clean-up margins.
  const budgetSeconds =
    args.processes > 0
      ? processCounts(args.processes).reduce((sum, n) => sum + n * 90 + args.seconds + 60, 90)
      : args.levels.length * (args.seconds + 15) + args.soakSeconds + (args.faults ? FAULT_SECONDS + 90 : 0) + 90;
  const watchdog = setTimeout(() => {
    process.stderr.write(`load: over the time budget of ${budgetSeconds} s; giving up\n`);
    process.exit(3);
  }, budgetSeconds * 1000);
  watchdog.unref();

  const fake = await startFakeOpenAIServer({ instant: true });
  if (args.processes > 0) {
    try {
      log(`load: web chat API, up to ${args.processes} app processes on ${args.cluster ? 'a 3-master Redis Cluster' : 'one Redis'}, ${args.connections} connections, ${args.seconds} s per count`);
      const report = await runProcesses({ ...args, fake, appEnv: (extra) => appEnv(fake, undefined, extra), log });
      if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(`\n${formatProcessesReport(report)}\n`);
      const failed = report.levels.some((l) => l.lost > 0 || l.outOfOrder > 0) || report.exitCodes.some((c) => c !== 0);
      process.exitCode = failed ? 1 : 0;
    } finally {
      await fake.close();
      clearTimeout(watchdog);
    }
    return;
  }
  try {
    log(`load: web chat API, ${args.store} store, instant fake model, ${args.seconds} s per level`);
    const main = await loadAndSoak(args, fake, log);
    const report: LoadReport = {
      store: args.store,
      conversations: args.conversations,
      ...main,
      faults: args.faults ? await faultRun(args, fake, log) : undefined,
    };
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`\n${formatLoadReport(report)}\n`);
    const failed =
      (report.faults && (report.faults.lost > 0 || report.faults.unexpectedStatuses > 0 || report.faults.exitCode !== 0)) ||
      (report.soak && !report.soak.flat) ||
      report.exitCode !== 0;
    process.exitCode = failed ? 1 : 0;
  } finally {
    await fake.close();
    clearTimeout(watchdog);
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
