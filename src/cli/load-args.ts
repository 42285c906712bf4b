/** Command-line options of `npm run load`. */
export interface LoadArgs {
  json: boolean;
  /** Concurrency levels (autocannon connections), run in order. */
  levels: number[];
  /** Seconds per level. */
  seconds: number;
  /** 0 = no soak. */
  soakSeconds: number;
  faults: boolean;
  /** Conversations the requests rotate over (one conversation answers one turn at a time). */
  conversations: number;
  store: 'redis' | 'memory';
  /** Fault run on a Redis without the append-only file: shows what a non-durable Redis loses. */
  volatileRedis: boolean;
  /** 0: one app process (levels, soak, faults); N: the many-processes run with 1, 2, 4... N processes instead. */
  processes: number;
  /** Connections of the many-processes run. */
  connections: number;
  /** The many-processes run on a local 3-master Redis Cluster instead of one Redis. */
  cluster: boolean;
}

export const LOAD_USAGE = `usage: npm run load -- [--json] [--levels 1,16,64] [--seconds 10] [--soak-seconds N] [--faults]
                         [--conversations 200] [--store redis|memory] [--volatile-redis]
       npm run load -- --processes N [--cluster] [--connections 16] [--seconds 10] [--json]

Drives the web chat API (POST conversations, then POST messages) of the app, started as a
child process on 127.0.0.1 with the instant fake OpenAI server, with autocannon at each
concurrency level; reports throughput, latency p50/p97.5/p99, errors and the app's RSS.
  --soak-seconds N  then a soak of N seconds at 16 connections with memory samples over time
  --faults          then a fault run: the model fails for a while and Redis is killed and
                    restarted under load; counts acknowledged messages missing from history
  --volatile-redis  the fault run's Redis without the append-only file (to see what that loses)
  --store           redis (a private redis-server on a free port, the default) or memory
  --processes N     instead: 1, 2, 4... N app processes on one private Redis behind a round-robin
                    proxy on 127.0.0.1; turns/s for each count, each conversation driven one message
                    at a time, then every acknowledged message checked in history, answered, in order
  --cluster         the --processes run on a private 3-master Redis Cluster (REDIS_CLUSTER_NODES)
  --connections N   connections of the --processes run (default 16)`;

function positiveInt(flag: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0 || n > max) throw new Error(`${flag}: must be an integer between 0 and ${max}, got "${value ?? ''}"`);
  return n;
}

export function parseLoadArgs(argv: string[]): LoadArgs {
  const args: LoadArgs = {
    json: false,
    levels: [1, 16, 64],
    seconds: 10,
    soakSeconds: 0,
    faults: false,
    conversations: 200,
    store: 'redis',
    volatileRedis: false,
    processes: 0,
    connections: 16,
    cluster: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    switch (flag) {
      case '--json':
        args.json = true;
        break;
      case '--faults':
        args.faults = true;
        break;
      case '--volatile-redis':
        args.volatileRedis = true;
        break;
      case '--levels': {
        const raw = value() ?? '';
        const levels = raw.split(',').map((s) => positiveInt('--levels', s.trim(), 1024));
        if (levels.length === 0 || levels.some((n) => n < 1)) throw new Error(`--levels: a comma-separated list of connection counts (1-1024), got "${raw}"`);
        args.levels = levels;
        break;
      }
      case '--seconds':
        args.seconds = Math.max(1, positiveInt('--seconds', value(), 600));
        break;
      case '--soak-seconds':
        args.soakSeconds = positiveInt('--soak-seconds', value(), 3600);
        break;
      case '--conversations':
        args.conversations = Math.max(1, positiveInt('--conversations', value(), 100_000));
        break;
      case '--store': {
        const v = value();
        if (v !== 'redis' && v !== 'memory') throw new Error(`--store: redis or memory, got "${v ?? ''}"`);
        args.store = v;
        break;
      }
      case '--processes':
        args.processes = Math.max(1, positiveInt('--processes', value(), 16));
        break;
      case '--connections':
        args.connections = Math.max(1, positiveInt('--connections', value(), 1024));
        break;
      case '--cluster':
        args.cluster = true;
        break;
      case '--help':
      case '-h':
        throw new Error(LOAD_USAGE);
      default:
        throw new Error(`unknown option "${flag}"\n${LOAD_USAGE}`);
    }
  }
  if (args.faults && args.store !== 'redis') throw new Error('--faults restarts Redis, so it needs --store redis');
  if (args.processes > 0 && (args.store !== 'redis' || args.faults || args.soakSeconds > 0)) {
    throw new Error('--processes runs app processes on one Redis: not with --store memory, --faults or --soak-seconds');
  }
  if (args.cluster && args.processes === 0) throw new Error('--cluster is for the --processes run (e.g. --processes 4 --cluster)');
  return args;
}
