import { mergePlaybook, parsePlaybookFile } from '../offline/playbook-files.js';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Commerce } from '../core/commerce.js';
import type { Demonstration, PromptSet, RouterPrompt, Skill, SkillManifest, SkillSet, ToolRegistry } from '../core/skill.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import { configErrorFrom, problemsFromZod, type ConfigProblem } from './config-problem.js';
import { parseDemonstrations } from './demonstrations.js';
import { exampleVariables } from './example-vars.js';
import { knowledgeVariables, skillVariables, structuredVariables } from './knowledge-vars.js';
import { createManifestSchema } from './manifest-schema.js';
import { FileReader, isIgnoredFile } from './skill-files.js';
import { renderTemplate, type TemplateVars } from './template.js';
import { languageStemsFingerprint, loadDomainVocabulary, vocabularyFingerprint } from '../vocabulary/load-vocabulary.js';

export interface LoadSkillSetOptions {
  skillsDir: string;
  promptsDir: string;
  commerce: Commerce;
  tools: ToolRegistry;
  /** The locale packs' `search: brand_attributes`, lower case (the app's, from LOCALES_DIR); default: the repository's packs. */
  brandAttributes?: ReadonlySet<string>;
  /** Routing examples required per skill (default 80; test fixtures use fewer). */
  minExamples?: number;
  /** Demonstrations required per prompt set (default 6; test fixtures use fewer). */
  minDemonstrations?: number;
  now?: () => number;
}

export const DEFAULT_MIN_EXAMPLES = 80;
export const DEFAULT_MIN_DEMONSTRATIONS = 6;
export const ROUTER_PROMPTS = 'router';
export const MANIFEST_NAMES = ['skill.yaml', 'skill.yml', 'skill.json'] as const;

/** Everything a load found: the set when nothing was wrong, and every problem otherwise. */
export interface SkillTreeInspection {
  set: SkillSet | null;
  problems: ConfigProblem[];
  /** Skill folders found (ids), valid or not. */
  folders: string[];
  /** Manifests that validated, even when their prompts did not. */
  manifests: SkillManifest[];
  /** The skills that validated, even when others did not (prompts:check measures these). */
  skills: Map<string, Skill>;
  router: RouterPrompt | null;
}

const routerExamplesSchema = z.array(
  z.strictObject({
    text: z.string().trim().min(1, { error: 'text must not be empty' }),
    previous: z.string().trim().min(1).optional(),
    skill: z.string({ error: 'skill is required' }),
  }),
  { error: 'the file must be a list of {text, previous?, skill}' },
);

/** The variables a prompt file can use: text for anywhere, whole values (lists) for a YAML value that is just `{{name}}`. */
interface Templating {
  text: TemplateVars;
  structured: ReadonlyMap<string, unknown>;
}

const WHOLE_VARIABLE = /^\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}$/;

/**
 * Fills `{{vars}}` in every string of a parsed YAML value, reporting where a bad variable
 * sits. A value that is exactly one structured variable keeps its type (a number stays a
 * number, a list a list), so tool results in demonstrations keep the tool's real shape; any
 * other value is text, however it looks (an all-digit SKU or order number stays a string).
 */
function renderDeep(value: unknown, vars: Templating, file: string, problems: ConfigProblem[], at = ''): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_VARIABLE.exec(value.trim())?.[1];
    if (whole !== undefined && vars.structured.has(whole)) return vars.structured.get(whole);
    return renderTemplate(value, vars.text, { file, field: at || undefined }, problems);
  }
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, vars, file, problems, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderDeep(v, vars, file, problems, at ? `${at}.${k}` : k)]),
    );
  }
  return value;
}

async function skillFolders(skillsDir: string, problems: ConfigProblem[]): Promise<string[]> {
  try {
    const entries = await readdir(skillsDir, { withFileTypes: true });
    // `_store` and other `_` folders hold data shared by skills, not skills.
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !isIgnoredFile(e.name))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    problems.push({ file: skillsDir, message: `cannot read the skills folder: ${(err as Error).message}` });
    return [];
  }
}

async function readManifest(
  reader: FileReader,
  opts: LoadSkillSetOptions,
  folder: string,
  problems: ConfigProblem[],
): Promise<SkillManifest | null> {
  const candidates: string[] = [];
  for (const name of MANIFEST_NAMES) {
    const file = path.join(opts.skillsDir, folder, name);
    if ((await reader.read(file)) !== null) candidates.push(file);
  }
  const dir = path.join(opts.skillsDir, folder);
  if (candidates.length === 0) {
    problems.push({ file: dir, message: `no skill.yaml (a folder under ${opts.skillsDir}/ is a skill; prefix it with _ if it holds shared data)` });
    return null;
  }
  if (candidates.length > 1) {
    problems.push({ file: dir, message: `more than one manifest (${candidates.map((c) => path.basename(c)).join(', ')}); keep one` });
    return null;
  }
  const file = candidates[0]!;
  const raw = await reader.readYaml(file, problems);
  if (!raw) return null;
  const schema = createManifestSchema({ folder, tools: opts.tools, minExamples: opts.minExamples ?? DEFAULT_MIN_EXAMPLES });
  const parsed = schema.safeParse(raw.value);
  if (!parsed.success) {
    problems.push(...problemsFromZod(file, parsed.error));
    return null;
  }
  return parsed.data;
}

async function readPromptSet(
  reader: FileReader,
  opts: LoadSkillSetOptions,
  manifest: SkillManifest,
  vars: Templating,
  variant: string,
  fallbackDemos: Demonstration[] | null,
  problems: ConfigProblem[],
): Promise<PromptSet | null> {
  const base = path.join(opts.promptsDir, manifest.id);
  const dir = variant === 'default' ? base : path.join(base, 'variants', variant);
  const systemFile = path.join(dir, 'system.md');
  const demoFile = path.join(dir, 'demonstrations.yaml');
  const before = problems.length;

  const template = await reader.read(systemFile);
  if (template === null) {
    problems.push({
      file: systemFile,
      message: variant === 'default' ? 'file is missing (every skill needs a system prompt)' : `file is missing (variant "${variant}" is declared in the skill's manifest)`,
    });
  }
  const system = template === null ? '' : renderTemplate(template, vars.text, { file: systemFile }, problems).trim();
  if (template !== null && !system) problems.push({ file: systemFile, message: 'the system prompt is empty' });

  // A variant without its own demonstrations.yaml reuses the default's.
  const raw = await reader.readYaml(demoFile, problems, fallbackDemos === null);
  let demonstrations: Demonstration[] = fallbackDemos ?? [];
  if (raw) {
    const rendered = renderDeep(raw.value, vars, demoFile, problems);
    demonstrations = parseDemonstrations(rendered, demoFile, { allowedTools: manifest.tools, tools: opts.tools }, problems).demos;
    const min = opts.minDemonstrations ?? DEFAULT_MIN_DEMONSTRATIONS;
    if (demonstrations.length < min) {
      problems.push({ file: demoFile, message: `needs at least ${min} demonstrations, found ${demonstrations.length}` });
    }
    const { core, k } = manifest.demonstrations;
    if (core > demonstrations.length) {
      problems.push({
        file: demoFile,
        message: `the skill's manifest asks for ${core} core demonstrations (demonstrations.core) but this file has ${demonstrations.length}`,
      });
    } else if (k > 0 && demonstrations.length === core) {
      problems.push({
        file: demoFile,
        message: `the skill's manifest selects ${k} similar demonstrations (demonstrations.k) but every demonstration here is core; add a pool after the first ${core}`,
      });
    }
  }
  if (problems.length > before) return null;
  return { variant, system, demonstrations };
}

async function readRouterPrompt(
  reader: FileReader,
  opts: LoadSkillSetOptions,
  vars: TemplateVars,
  skillIds: readonly string[],
  problems: ConfigProblem[],
): Promise<RouterPrompt | null> {
  const dir = path.join(opts.promptsDir, ROUTER_PROMPTS);
  const systemFile = path.join(dir, 'system.md');
  const examplesFile = path.join(dir, 'examples.yaml');
  const before = problems.length;
  const template = await reader.read(systemFile);
  if (template === null) problems.push({ file: systemFile, message: 'file is missing (the model router needs a system prompt)' });
  const system = template === null ? '' : renderTemplate(template, vars, { file: systemFile }, problems).trim();

  const raw = await reader.readYaml(examplesFile, problems);
  let examples: RouterPrompt['examples'] = [];
  if (raw) {
    const parsed = routerExamplesSchema.safeParse(raw.value ?? []);
    if (!parsed.success) problems.push(...problemsFromZod(examplesFile, parsed.error));
    else {
      parsed.data.forEach((ex, i) => {
        if (!skillIds.includes(ex.skill)) {
          problems.push({ file: examplesFile, field: `[${i}].skill`, message: `unknown skill "${ex.skill}" (skills: ${skillIds.join(', ')})` });
        }
      });
      examples = parsed.data.map((ex) => (ex.previous ? { text: ex.text, previous: ex.previous, skill: ex.skill } : { text: ex.text, skill: ex.skill }));
      for (const id of skillIds) {
        if (skillIds.length > 1 && !examples.some((e) => e.skill === id)) {
          problems.push({ file: examplesFile, message: `no example for skill "${id}"; the model router learns each route from at least one` });
        }
      }
    }
  }
  return problems.length > before ? null : { system, examples };
}

/**
 * Reads and validates skills/ and prompts/ into a SkillSet, collecting every problem
 * instead of stopping at the first (prompts:check shows them all).
 */
export async function inspectSkillTree(opts: LoadSkillSetOptions): Promise<SkillTreeInspection> {
  const problems: ConfigProblem[] = [];
  const reader = new FileReader();
  const folders = await skillFolders(opts.skillsDir, problems);
  if (folders.length === 0 && problems.length === 0) {
    problems.push({ file: opts.skillsDir, message: 'no skills found (each skill is a folder with a skill.yaml)' });
  }

  const manifests: SkillManifest[] = [];
  for (const folder of folders) {
    const m = await readManifest(reader, opts, folder, problems);
    if (m) manifests.push(m);
  }
  const lookups = manifests.filter((m) => m.orderLookup);
  if (lookups.length > 1) {
    problems.push({ file: opts.skillsDir, message: `orderLookup is set by ${lookups.map((m) => m.id).join(', ')}: at most one skill answers an order given with nothing asked` });
  }
  if (folders.length > 0 && !folders.includes(OUT_OF_SCOPE)) {
    problems.push({ file: path.join(opts.skillsDir, OUT_OF_SCOPE), message: `missing: the out-of-scope route needs a skill named "${OUT_OF_SCOPE}"` });
  }

  let vars: Map<string, string>;
  let structured: Map<string, unknown>;
  try {
    vars = knowledgeVariables(opts.commerce, manifests);
    structured = structuredVariables(opts.commerce);
    // Demonstrations show the selected store's own products and id formats (src/skills/example-vars.ts).
    const examples = await exampleVariables(opts.commerce);
    for (const [k, v] of examples.text) vars.set(k, v);
    for (const [k, v] of examples.structured) structured.set(k, v);
  } catch (err) {
    problems.push({ file: 'commerce', message: `the store data could not be read for prompt variables: ${(err as Error).message}` });
    return { set: null, problems, folders, manifests, skills: new Map(), router: null };
  }

  const skills = new Map<string, Skill>();
  // Offline playbooks (src/offline/): the shared templates once, then each skill's own file.
  const sharedFile = path.join(opts.promptsDir, 'offline.yaml');
  const sharedRaw = await reader.readYaml(sharedFile, problems, false);
  const shared = sharedRaw ? parsePlaybookFile(sharedRaw.value) : { file: null, problems: [] };
  for (const p of shared.problems) problems.push({ file: sharedFile, ...p });
  for (const manifest of manifests) {
    const skillVars: Templating = { text: skillVariables(vars, manifest), structured };
    const prompts: Record<string, PromptSet> = {};
    const base = await readPromptSet(reader, opts, manifest, skillVars, 'default', null, problems);
    if (!base) continue;
    let ok = true;
    for (const v of manifest.variants) {
      if (v.id === 'default') {
        prompts.default = base;
        continue;
      }
      const set = await readPromptSet(reader, opts, manifest, skillVars, v.id, base.demonstrations, problems);
      if (set) prompts[v.id] = set;
      else ok = false;
    }
    const playbookFile = path.join(opts.promptsDir, manifest.id, 'offline.yaml');
    const ownRaw = await reader.readYaml(playbookFile, problems, false);
    const own = ownRaw ? parsePlaybookFile(ownRaw.value) : { file: null, problems: [] };
    const merged = mergePlaybook(shared.file, own.file, manifest.tools);
    for (const p of [...own.problems, ...merged.problems]) problems.push({ file: playbookFile, ...p });
    if (ok) skills.set(manifest.id, { manifest, prompts, playbook: merged.playbook });
  }

  // Routes are checked against every skill folder, so one broken manifest is reported once, not again here.
  const router = await readRouterPrompt(reader, opts, vars, folders, problems);
  const vocabulary = await loadDomainVocabulary(reader, opts.skillsDir, opts.commerce, problems, opts.brandAttributes);
  if (problems.length > 0 || !router) return { set: null, problems, folders, manifests, skills, router };

  const version = await reader.hash(
    [opts.skillsDir, opts.promptsDir],
    [...[...vars].map(([k, v]) => `${k}=${v}`), `vocabulary=${vocabularyFingerprint(vocabulary.store)}`, `stems=${languageStemsFingerprint(vocabulary.languageStems)}`],
  );
  return {
    set: { version, loadedAt: (opts.now ?? Date.now)(), skills, router, vocabulary },
    problems,
    folders,
    manifests,
    skills,
    router,
  };
}

/** Loads the skill set or throws a ConfigError naming the file, the field and the reason. */
export async function loadSkillSet(opts: LoadSkillSetOptions): Promise<SkillSet> {
  const { set, problems } = await inspectSkillTree(opts);
  if (!set) throw configErrorFrom(problems);
  return set;
}
