import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { noEffects } from '../../src/core/actions.js';
import { owner } from '../commerce/demo-fixture.js';

/**
 * Every regular expression customer text meets on a turn: the literals in the folders a
 * message flows through, and the patterns those modules build at run time (captured by
 * wrapping the RegExp constructor while the app is composed and one turn's text steps run).
 * Shared by test/tools/regex-redos.test.ts and `npx tsx test/tools/regex-inventory.ts [--all]`,
 * which checks the patterns not yet listed (or all) and rewrites regex-verdicts.json (the cache of safe verdicts
 * that keeps the test fast: only a new or changed pattern is checked again).
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const VERDICTS = path.join(import.meta.dirname, 'regex-verdicts.json');
/** Folders whose code reads customer text (or replies quoting it) on a turn. */
const DIRS = ['src/router', 'src/offline', 'src/commerce', 'src/guard', 'src/skills', 'src/engine', 'src/tools', 'src/channels', 'src/core', 'src/privacy'];

export interface Pattern {
  where: string;
  source: string;
  flags: string;
}

export const keyOf = (p: Pattern) => `/${p.source}/${p.flags.replace(/[gy]/g, '')}`;

function literals(): Pattern[] {
  const out: Pattern[] = [];
  const files = DIRS.flatMap((d) => ts.sys.readDirectory(path.join(ROOT, d), ['.ts']));
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    const sf = ts.createSourceFile(rel, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        out.push({ where: `${rel}:${line + 1}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** Patterns built with `new RegExp(...)` while the app is composed and one message goes through each step. */
async function constructed(): Promise<Pattern[]> {
  const seen: Pattern[] = [];
  const Original = globalThis.RegExp;
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?], newTarget) {
      const re = Reflect.construct(target, args, newTarget) as RegExp;
      // The project's own code; a library's patterns (eld's tokenizer) only ever see the analysis
      // window the caller passes (src/locale/language-detect.ts: 300 characters).
      const frame = new Error().stack?.split('\n').find((l) => l.includes('/src/') && !l.includes('regex-inventory')) ?? '';
      const stack = frame.includes('node_modules') ? '' : frame;
      const where = /\/(src\/[^:)]+:\d+)/.exec(stack)?.[1] ?? 'run time';
      if (where.startsWith('src/')) seen.push({ where: `${where} (built at run time)`, source: re.source, flags: re.flags });
      return re;
    },
  });
  try {
    const { parseEnv } = await import('../../src/config/config.js');
    const { silentLogger } = await import('../../src/core/logger.js');
    const { compose } = await import('../../src/main.js');
    const { createAnswerGuard } = await import('../../src/guard/create-answer-guard.js');
    const { createPromptAssembler } = await import('../../src/skills/prompt-assembler.js');
    const { createOfflineResponder } = await import('../../src/offline/offline-responder.js');
    const { createToolRegistry } = await import('../../src/tools/tool-registry.js');
    const { fromSlackText } = await import('../../src/channels/slack/slack-text.js');
    const composed = await compose(parseEnv({ LOG_LEVEL: 'silent', SKILLS_WATCH: 'false' }), { logger: silentLogger, defaultMetrics: false });
    try {
      const tools = createToolRegistry();
      const offline = createOfflineResponder({ commerce: composed.commerce, tools });
      const assembler = createPromptAssembler({ commerce: composed.commerce, tokenizerModel: 'gpt-4o-mini', tools });
      const guard = createAnswerGuard({ commerce: composed.commerce, tools });
      const text = 'Can I return the blender from order 10012, it broke after 2 weeks? Under $50 please.';
      fromSlackText(`<@U1> ${text}`, 'U1');
      composed.router.classify(text);
      for (const skill of composed.skills.current().skills.values()) {
        await offline.respond({ skill, text, history: [], conversationId: 'c-regex', context: { customer: owner('SB-10012'), namedOrders: ['10012'], effects: noEffects } });
        const prompt = await assembler.build({ skill, variant: 'default', text, history: [], conversationId: 'c-regex' });
        await guard.check({ skill, reply: `Sure: ${text} It costs $49.99 and the warranty lasts 2 years.`, tools: [], prompt });
      }
    } finally {
      await composed.close();
    }
  } finally {
    globalThis.RegExp = Original;
  }
  return seen;
}

/** Every pattern, each (source, flags) once. */
export async function inventory(): Promise<Pattern[]> {
  const byKey = new Map<string, Pattern>();
  for (const p of [...literals(), ...(await constructed())]) if (!byKey.has(keyOf(p))) byKey.set(keyOf(p), p);
  return [...byKey.values()];
}

/** Milliseconds V8 takes to run `re` over `text` (every match, as replace does), best of three. */
function timeRun(re: RegExp, text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    text.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), '');
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function attackOfSize(attack: { pumps: Array<{ prefix: string; pump: string }>; suffix: string }, chars: number): string {
  const pumpChars = attack.pumps.reduce((n, p) => n + p.pump.length, 0) || 1;
  const n = Math.max(1, Math.floor(chars / pumpChars));
  return attack.pumps.map((p) => p.prefix + p.pump.repeat(n)).join('') + attack.suffix;
}

/**
 * recheck's verdict: null when safe, else what is wrong. recheck models a backtracking
 * matcher without V8's optimisations, and its fuzzer reports growth for patterns whose only
 * repetition is bounded (`[^.!?]{0,40}` between two words: forty steps per start, linear).
 * So a pattern it calls vulnerable is run by V8 on recheck's own attack string at 10,000 and
 * 40,000 characters: linear time grows about 4x, quadratic 16x. It passes only when the
 * growth stays under 8x and the long run under 50 ms.
 */
export function verdict(p: Pattern): string | null {
  const flags = p.flags.replace(/[gy]/g, '');
  let result = checkSync(p.source, flags, { timeout: 20_000 });
  // The automatic choice of method can time out on long alternations; each method alone may not.
  if (result.status === 'unknown') result = checkSync(p.source, flags, { timeout: 60_000, checker: 'automaton' });
  if (result.status === 'unknown') result = checkSync(p.source, flags, { timeout: 60_000, checker: 'fuzz' });
  if (result.status === 'safe') return null;
  if (result.status !== 'vulnerable') return `could not be checked (${result.error.kind})`;
  const re = new RegExp(p.source, p.flags);
  const short = timeRun(re, attackOfSize(result.attack, 10_000));
  const long = timeRun(re, attackOfSize(result.attack, 40_000));
  const growth = long / Math.max(short, 0.05);
  if (growth < 8 && long < 50) return null;
  return `${result.complexity.summary}; attack ${result.attack.pattern.slice(0, 80)}; V8 ${short.toFixed(1)} ms at 10k chars, ${long.toFixed(1)} ms at 40k`;
}

export function readVerdicts(): Set<string> {
  try {
    return new Set((JSON.parse(readFileSync(VERDICTS, 'utf8')) as { safe: string[] }).safe);
  } catch {
    return new Set();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  // Checks the patterns the verdict file does not list yet (all of them with --all) and adds the safe ones.
  const { writeFileSync } = await import('node:fs');
  const all = process.argv.includes('--all');
  const known = all ? new Set<string>() : readVerdicts();
  const patterns = await inventory();
  const current = new Set(patterns.map(keyOf));
  const safe = new Set([...known].filter((k) => current.has(k)));
  for (const p of patterns) {
    if (safe.has(keyOf(p))) continue;
    const v = verdict(p);
    if (v === null) safe.add(keyOf(p));
    else console.log(`${p.where}  ${keyOf(p).slice(0, 120)}  ${v}`);
  }
  writeFileSync(VERDICTS, `${JSON.stringify({ checker: 'recheck 4.5.0', safe: [...safe].sort() }, null, 1)}\n`);
  console.log(`${safe.size} safe patterns of ${patterns.length} written to ${path.relative(ROOT, VERDICTS)}`);
}
