import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../bench/child.js';
import { createDirectHarness } from '../fuzz/direct-targets.js';
import { fuzzDirect } from '../fuzz/fuzz-direct.js';
import { fuzzHttp, startChannelFakes } from '../fuzz/fuzz-http.js';
import { formatReport, type FuzzReport } from '../fuzz/fuzz-report.js';
import { fuzzStores, runsPerStore } from '../fuzz/fuzz-stores.js';
import { customerTextFor } from '../fuzz/store-text.js';
import { startAppTarget } from './load-target.js';

export const FUZZ_USAGE = `Usage: npm run fuzz [-- --seed N] [--runs N] [--only direct|http] [--path P] [--bound MS] [--store NAME] [--no-write]

  --seed N     fast-check seed (default: a random one, printed)
  --runs N     cases per kind (default 5000 direct, 2000 http); npm test runs a few hundred with a fixed seed
  --only KIND  direct: router, offline responder, product search, guard called in this process;
               http: every public endpoint of the app run in a child process (Slack and Teams fakes included)
  --path P     replay one failing case (the path printed with it, together with its --seed)
  --bound MS   a call slower than this fails (default 1000)
  --store NAME only this store: demo, northbound, cadence or hostile (default: each, the runs split across them)
  --no-write   do not write bench/fuzz-worst.json (the slowest input per step, read by npm run bench)

Prints the seed, the cases per target, the slowest call and its input, and any failure with
the seed and path that replay it. Exits 1 on a failure.`;

export const WORST_FILE = path.join(REPO_ROOT, 'bench/fuzz-worst.json');

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string' },
        runs: { type: 'string' },
        only: { type: 'string' },
        path: { type: 'string' },
        bound: { type: 'string' },
        store: { type: 'string' },
        'no-write': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`fuzz: ${(err as Error).message}\n\n${FUZZ_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${FUZZ_USAGE}\n`);
    return 0;
  }
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw new Error(`--${name} must be an integer, got "${v}"`);
    return Number(v);
  };
  const seed = int('seed', values.seed) ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const runs = int('runs', values.runs);
  const boundMs = int('bound', values.bound) ?? 1000;
  const kinds = values.only ? [values.only] : ['direct', 'http'];
  for (const k of kinds) if (k !== 'direct' && k !== 'http') throw new Error(`--only must be direct or http, got "${k}"`);
  process.stdout.write(`fuzz: seed ${seed}\n`);

  const reports: FuzzReport[] = [];
  const all = await fuzzStores();
  const stores = values.store ? all.stores.filter((s) => s.name === values.store) : all.stores;
  if (stores.length === 0) throw new Error(`--store must be one of ${all.stores.map((s) => s.name).join(', ')}, got "${values.store}"`);
  try {
  for (const store of stores) {
  process.stdout.write(`store ${store.name}\n`);
  if (kinds.includes('direct')) {
    const harness = await createDirectHarness({ storeDir: store.dir });
    try {
      reports.push(await fuzzDirect({ harness, seed, runs: runsPerStore(runs ?? 5000, stores.length), boundMs, path: values.path, text: customerTextFor(store) }));
    } finally {
      await harness.close();
    }
    process.stdout.write(`${formatReport(reports.at(-1)!).join('\n')}\n`);
  }
  if (kinds.includes('http')) {
    const fakes = await startChannelFakes();
    const app = await startAppTarget({ ...fakes.env, ...(store.dir ? { STORE_DIR: store.dir } : {}), LOG_LEVEL: 'error', ROUTER_MODEL_ENABLED: 'false', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000000' });
    let healthFailures = 0;
    let slowestHealthMs = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const t0 = performance.now();
        const ok = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(boundMs) }).then((r) => r.status === 200, () => false);
        if (!ok) healthFailures++;
        slowestHealthMs = Math.max(slowestHealthMs, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      reports.push(await fuzzHttp({ url: app.url, fakes, seed, runs: runsPerStore(runs ?? 2000, stores.length), boundMs, path: values.path, text: (limit) => customerTextFor(store, limit) }));
    } finally {
      watching = false;
      await watch;
      await app.stop();
      await fakes.close();
    }
    process.stdout.write(`${formatReport(reports.at(-1)!).join('\n')}\n`);
    process.stdout.write(`  /healthz during the run: ${healthFailures} unanswered within ${boundMs} ms, slowest ${slowestHealthMs.toFixed(0)} ms\n`);
    if (healthFailures > 0) reports.at(-1)!.failure ??= { message: `/healthz did not answer ${healthFailures} time(s)`, seed, path: undefined, counterexample: '' };
  }
  }
  } finally {
    all.remove();
  }
  if (!values['no-write']) {
    const directs = reports.filter((r) => r.kind === 'direct');
    if (directs.length > 0) {
      // The slowest input per step over every store.
      const worstOf = new Map<string, { ms: number; input: string }>();
      for (const r of directs) for (const [t, st] of Object.entries(r.targets)) if (st.worstMs > (worstOf.get(t)?.ms ?? -1)) worstOf.set(t, { ms: Math.round(st.worstMs * 10) / 10, input: st.worstInput });
      const worst = Object.fromEntries([...worstOf].sort(([a], [b]) => a.localeCompare(b)));
      writeFileSync(WORST_FILE, `${JSON.stringify({ seed, runs: directs.reduce((n, r) => n + r.runs, 0), cases: directs.reduce((n, r) => n + r.cases, 0), worst }, null, 1)}\n`);
      process.stdout.write(`wrote ${path.relative(process.cwd(), WORST_FILE)}\n`);
    }
  }
  return reports.some((r) => r.failure) ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`fuzz: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
