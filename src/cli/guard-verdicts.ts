import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from '../config/config.js';
import { silentLogger } from '../core/logger.js';
import { seededRandom } from '../core/seeded-random.js';
import { MESSAGE_LIMIT, NAMED_HOSTILE, SCRIPTS } from '../bench/hostile-inputs.js';
import { FUZZ_WORST_FILE } from '../bench/hostile-bench.js';
import { createAnswerGuard } from '../guard/create-answer-guard.js';
import { compose } from '../main.js';
import { examplesOf } from '../router/router-prompt.js';
import { formatMoney } from '../skills/knowledge-vars.js';
import { createPromptAssembler } from '../skills/prompt-assembler.js';
import { createToolRegistry } from '../tools/tool-registry.js';

/**
 * The prompt (a fingerprint of every message, its token count and what was cut) and the guard's
 * verdict for every shipped skill over a wide set of messages, one line each, in a fixed order:
 * run it on two revisions and compare the files byte for byte to show that a change to prompt
 * assembly, token counting or the guard decides nothing differently (issue 14's speed-ups).
 *
 *   npx tsx src/cli/guard-verdicts.ts OUT [FILE.jsonl ...]
 *
 * The messages: the shipped routing examples, the `text` of every line of the JSONL files given
 * (an evaluation set, say), the bench's hostile inputs and rotations of them, messages of new
 * words, ordinary messages joined to lengths around the cut, ASCII noise and the fuzzer's
 * slowest inputs. Each is checked in a reply that quotes it whole and in one that quotes its start.
 */
const [out, ...files] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: npx tsx src/cli/guard-verdicts.ts OUT [FILE.jsonl ...]\n');
  process.exit(2);
}

const composed = await compose(parseEnv({ LOG_LEVEL: 'silent', SKILLS_WATCH: 'false', ROUTER_MODEL_ENABLED: 'false' }), { logger: silentLogger, defaultMetrics: false });
const tools = createToolRegistry();
const skills = [...composed.skills.current().skills.values()];
const currency = composed.commerce.storeInfo().currency;
const [sample] = await composed.commerce.searchProducts({ category: composed.commerce.categories()[0], limit: 1 });
const productFact = sample ? `the ${sample.product.name} costs ${formatMoney(sample.product.price, currency)}` : `it costs ${formatMoney(69.99, currency)}`;

const given = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => String((JSON.parse(l) as { text?: unknown }).text ?? '')),
);
const examples = examplesOf(composed.skills.current()).flatMap((s) => [...s.examples]);
const next = seededRandom(4242);
const NOISE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?\'"-_/()$%&:;@#\n\t';
const noise = (length: number): string => Array.from({ length }, () => NOISE[Math.floor(next() * NOISE.length)]!).join('');
const newWords = (seed: number): string => {
  const r = seededRandom(1_000_003 + seed);
  return Array.from({ length: 300 }, () => Array.from({ length: 6 }, () => SCRIPTS.latin[Math.floor(r() * 26)]!).join(''))
    .join(' ')
    .slice(0, MESSAGE_LIMIT);
};
const joined = (from: readonly string[], length: number, start: number): string => {
  let s = '';
  for (let i = start; s.length < length && from.length; i++) s += (s ? ' ' : '') + from[i % from.length]!;
  return s.slice(0, length);
};
const rotations = (t: string): string[] => [t, ...Array.from({ length: 6 }, (_, i) => `${i} ${t.slice((i * 97) % t.length)}${t.slice(0, (i * 97) % t.length)}`.slice(0, MESSAGE_LIMIT))];
let fuzzWorst: string[] = [];
try {
  fuzzWorst = Object.values((JSON.parse(readFileSync(FUZZ_WORST_FILE, 'utf8')) as { worst: Record<string, { input: string }> }).worst).map((w) => w.input);
} catch {
  // No fuzz run yet: the other messages only.
}
const lengths = [150, 200, 250, 300, 450, 600, 800, 1000, 1300, 1600, 1900, 2000];
const messages = [
  ...examples,
  ...given,
  ...NAMED_HOSTILE.flatMap(([, t]) => rotations(t)),
  ...Array.from({ length: 40 }, (_, i) => newWords(i)),
  ...lengths.flatMap((n) => [joined(examples, n, n), joined(given, n, n * 3), noise(n)]),
  ...Array.from({ length: 60 }, (_, i) => noise(5 + i * 7)),
  ...fuzzWorst,
];

const lines: string[] = [];
for (const reply of ['quote', 'start'] as const) {
  // A new assembler and guard per pass (their caches start empty); the two passes share the process's.
  const assembler = createPromptAssembler({ commerce: composed.commerce, tokenizerModel: 'gpt-4o-mini', tools });
  const guard = createAnswerGuard({ commerce: composed.commerce, tools });
  for (const [i, text] of messages.entries()) {
    for (const skill of skills) {
      const prompt = await assembler.build({ skill, variant: 'default', text, history: [], conversationId: 'c-verdicts' });
      const draft = reply === 'quote' ? `You wrote: "${text}". Our return window is 30 days and ${productFact}.` : `Thanks for asking. ${text.slice(0, 300)}`;
      const verdict = await guard.check({ skill, reply: draft, tools: [], prompt });
      const fingerprint = createHash('sha1').update(JSON.stringify(prompt)).digest('hex').slice(0, 16);
      lines.push(`${reply} ${i} ${skill.manifest.id} tokens=${prompt.promptTokens} prompt=${fingerprint} verdict=${JSON.stringify(verdict)}`);
    }
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
process.stdout.write(`${messages.length} messages, ${lines.length} verdicts (${lines.filter((l) => l.includes('"ok":false')).length} not ok) -> ${out}\n`);
await composed.close();
