import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './child.js';

/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or BENCH_CPU_PROF=DIR for the bench's
 * servers under test): self time per function and per module (a package under node_modules,
 * a folder of src/, or node's own internals), so "where does a turn's CPU go" has an answer
 * with figures instead of a guess.
 *
 *   npx tsx src/bench/profile-summary.ts FILE.cpuprofile [--top 30]
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Idle (waiting for I/O) and the profiler's own inspector traffic. */
  idleMs: number;
  gcMs: number;
  functions: ProfileRow[];
  modules: ProfileRow[];
}

/** Which module a frame belongs to: `pkg:express`, `src/http`, `node:internal`, or a V8 pseudo-frame. */
export function moduleOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return `(${frame.functionName || 'native'})`;
  if (url.startsWith('node:')) return 'node:internal';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    return `pkg:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const rel = path.relative(REPO_ROOT, file);
  if (rel.startsWith('..')) return file;
  const parts = rel.split(path.sep);
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : rel;
}

function frameName(frame: CallFrame): string {
  const where = frame.url ? `${moduleOf(frame)}/${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) byId.set(n.id, n);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let gc = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    total += us;
    // Idle, and the profiler's own inspector traffic (`dispatch`: starting, stopping and
    // serialising the profile), are not the program's work.
    if (frame.functionName === '(idle)' || (frame.functionName === 'dispatch' && !frame.url)) {
      idle += us;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gc += us;
    const name = frameName(frame);
    fn.set(name, (fn.get(name) ?? 0) + us);
    const m = moduleOf(frame);
    mod.set(m, (mod.get(m) ?? 0) + us);
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, share: busy > 0 ? Math.round((us / busy) * 1000) / 1000 : 0 }));
  return { totalMs: Math.round(total / 1000), idleMs: Math.round(idle / 1000), gcMs: Math.round(gc / 1000), functions: rows(fn), modules: rows(mod) };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [
    `profile: ${s.totalMs} ms, idle ${s.idleMs} ms, busy ${s.totalMs - s.idleMs} ms (GC ${s.gcMs} ms)`,
    '',
    'self time by module (share of busy time):',
    ...s.modules.map((r) => `  ${pct(r.share)} ${String(r.selfMs).padStart(9)} ms  ${r.name}`),
    '',
    'self time by function:',
    ...s.functions.map((r) => `  ${pct(r.share)} ${String(r.selfMs).padStart(9)} ms  ${r.name}`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
  const files = args.filter((_, i) => topAt < 0 || (i !== topAt && i !== topAt + 1));
  if (files.length === 0) {
    process.stderr.write('usage: npx tsx src/bench/profile-summary.ts FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  for (const f of files) {
    process.stdout.write(`== ${f}\n${formatProfileSummary(summarizeProfile(JSON.parse(readFileSync(f, 'utf8')) as CpuProfile, top))}\n\n`);
  }
}
