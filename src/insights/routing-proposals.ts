import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { SkillSet } from '../core/skill.js';
import type { Store } from '../core/store.js';
import type { RouterLanguage } from '../router/router-language.js';
import { evaluateChange, planChanges, type ProposalEval } from './route-eval.js';
import { editExamples, type ExampleChange } from './skill-examples-edit.js';

/** Proposed, accepted and reverted routing changes: the change log. Kept until deleted by hand. */
export const PROPOSALS_COLLECTION = 'routing-proposals';

export type ProposalStatus = 'proposed' | 'accepted' | 'reverted' | 'withdrawn';

export interface RoutingProposal {
  id: string;
  createdAt: number;
  createdBy: string;
  /** Where the examples came from. */
  source: 'corrections' | 'topic';
  /** E.g. the topic's label. */
  note?: string;
  changes: ExampleChange[];
  /** Router eval on the store's eval files, without (before) and with (after) the change. */
  eval: ProposalEval;
  /** The skill set version the eval ran on. */
  evaluatedOn: string;
  status: ProposalStatus;
  accepted?: { by: string; at: number; version: string };
  reverted?: { by: string; at: number; version: string };
}

/** What prompts:check reports for a staged tree (the same validation). */
export interface TreeCheck {
  ok: boolean;
  problems: Array<{ file: string; field?: string; message: string }>;
}

export class ProposalError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_pending' | 'not_accepted' | 'invalid' | 'nothing_to_propose' | 'reload_failed',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ProposalError';
  }
}

export interface ProposalDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  skillsDir: string;
  promptsDir: string;
  /** The live skill set, and a reload that retrains the router now (other processes' watchers follow the file). */
  skills: { current(): SkillSet; reload(reason: string): Promise<{ status: string; version: string; error?: string }> };
  evalFiles: () => readonly string[];
  threshold: number;
  /** The router language the eval's routers read (the app's, from LOCALES_DIR); the repository's by default. */
  language?: RouterLanguage;
  /** The packs' language detection, for the eval's routers (see evaluateChange). */
  detect?: (text: string) => string | null;
  /** prompts:check over a skills/ + prompts/ tree. */
  checkTree: (dirs: { skillsDir: string; promptsDir: string }) => Promise<TreeCheck>;
}

export interface RoutingProposals {
  propose(input: { additions: ReadonlyArray<{ text: string; skill: string }>; source: RoutingProposal['source']; note?: string; by: string }): Promise<RoutingProposal>;
  list(limit?: number): Promise<RoutingProposal[]>;
  get(id: string): Promise<RoutingProposal | null>;
  /** Admins only (the caller checks the role): validates, writes the skill files, reloads. */
  accept(id: string, by: string): Promise<RoutingProposal>;
  revert(id: string, by: string): Promise<RoutingProposal>;
  withdraw(id: string, by: string): Promise<RoutingProposal>;
}

const MANIFEST_FILES = ['skill.yaml', 'skill.yml'];
/** One skill-file write at a time, across processes. */
const FILES_LOCK = 'insights:skill-files';

function manifestPath(skillsDir: string, skill: string): string {
  for (const name of MANIFEST_FILES) {
    const p = path.join(skillsDir, skill, name);
    if (existsSync(p)) return p;
  }
  throw new ProposalError('invalid', `skill "${skill}" has no skill.yaml to edit`);
}

function inverse(changes: readonly ExampleChange[]): ExampleChange[] {
  return changes.map((c) => ({ skill: c.skill, add: c.remove, remove: c.add }));
}

export function createRoutingProposals(deps: ProposalDeps): RoutingProposals {
  const { store, clock, logger } = deps;

  async function load(id: string): Promise<RoutingProposal> {
    const p = await store.getRecord<RoutingProposal>(PROPOSALS_COLLECTION, id);
    if (!p) throw new ProposalError('not_found', `no routing proposal "${id}"`);
    return p;
  }

  /**
   * Writes `changes` into the skill files the way prompts:check would accept them: the edited
   * files are checked in a staged copy of skills/ and prompts/ first; only a tree that passes
   * is written (each file replaced whole, by rename). The local reload retrains the router
   * now; every other process's watcher sees the file change and reloads too.
   */
  async function writeChanges(changes: readonly ExampleChange[], reason: string): Promise<string> {
    return store.withLock(
      FILES_LOCK,
      async () => {
        const edits = await Promise.all(
          changes.map(async (c) => {
            const file = manifestPath(deps.skillsDir, c.skill);
            const before = await readFile(file, 'utf8');
            return { file, text: editExamples(before, c) };
          }),
        );
        const stage = await mkdtemp(path.join(tmpdir(), 'switchboard-proposal-'));
        try {
          const skillsDir = path.join(stage, 'skills');
          const promptsDir = path.join(stage, 'prompts');
          await cp(deps.skillsDir, skillsDir, { recursive: true });
          await cp(deps.promptsDir, promptsDir, { recursive: true });
          for (const e of edits) await writeFile(path.join(skillsDir, path.relative(deps.skillsDir, e.file)), e.text);
          const check = await deps.checkTree({ skillsDir, promptsDir }).catch((err: unknown) => {
            // Store data the check reads (the store's files) that no longer load is a problem
            // with the files, which an admin can fix, not a fault of the server.
            if (err instanceof ConfigError) throw new ProposalError('invalid', `the change cannot be checked: ${err.message}`);
            throw err;
          });
          if (!check.ok) {
            const problems = check.problems.map((p) => ({ ...p, file: path.relative(stage, p.file) }));
            throw new ProposalError('invalid', `the change does not pass prompts:check: ${problems[0]?.message ?? 'invalid'}`, { problems });
          }
        } finally {
          await rm(stage, { recursive: true, force: true });
        }
        for (const e of edits) {
          // A .tmp name the skill watcher ignores, then one rename: readers never see half a file.
          const temp = `${e.file}.${process.pid}.tmp`;
          await writeFile(temp, e.text);
          await rename(temp, e.file);
        }
        const outcome = await deps.skills.reload(reason);
        if (outcome.status === 'rejected') throw new ProposalError('reload_failed', `the skills did not reload: ${outcome.error ?? 'rejected'}`);
        return outcome.version;
      },
      { waitMs: 30_000, maxHoldMs: 120_000 },
    );
  }

  async function save(p: RoutingProposal): Promise<RoutingProposal> {
    await store.putRecord(PROPOSALS_COLLECTION, p.id, p);
    return p;
  }

  return {
    async propose({ additions, source, note, by }) {
      const set = deps.skills.current();
      const changes = planChanges(set, additions);
      if (changes.length === 0) throw new ProposalError('nothing_to_propose', 'every message is already a routing example of its skill');
      const started = performance.now();
      const evaluation = await evaluateChange({ set, changes, files: deps.evalFiles(), threshold: deps.threshold, ...(deps.language ? { language: deps.language } : {}), ...(deps.detect ? { detect: deps.detect } : {}) });
      logger.info({ by, source, changes: changes.map((c) => ({ skill: c.skill, add: c.add.length, remove: c.remove.length })), ms: Math.round(performance.now() - started), before: evaluation.before.accuracy, after: evaluation.after.accuracy }, 'insights: routing change proposed');
      return save({
        id: newId('rp'),
        createdAt: clock.now(),
        createdBy: by,
        source,
        ...(note ? { note } : {}),
        changes,
        eval: evaluation,
        evaluatedOn: set.version,
        status: 'proposed',
      });
    },

    list: (limit = 100) => store.listRecords<RoutingProposal>(PROPOSALS_COLLECTION, { limit }),

    get: (id) => store.getRecord<RoutingProposal>(PROPOSALS_COLLECTION, id),

    async accept(id, by) {
      const p = await load(id);
      if (p.status !== 'proposed') throw new ProposalError('not_pending', `proposal ${id} is ${p.status}, not proposed`);
      const version = await writeChanges(p.changes, `routing proposal ${id} accepted by ${by}`);
      logger.info({ id, by, version }, 'insights: routing change accepted');
      return save({ ...p, status: 'accepted', accepted: { by, at: clock.now(), version } });
    },

    async revert(id, by) {
      const p = await load(id);
      if (p.status !== 'accepted') throw new ProposalError('not_accepted', `proposal ${id} is ${p.status}; only an accepted change can be reverted`);
      const version = await writeChanges(inverse(p.changes), `routing proposal ${id} reverted by ${by}`);
      logger.info({ id, by, version }, 'insights: routing change reverted');
      return save({ ...p, status: 'reverted', reverted: { by, at: clock.now(), version } });
    },

    async withdraw(id, by) {
      const p = await load(id);
      if (p.status !== 'proposed') throw new ProposalError('not_pending', `proposal ${id} is ${p.status}, not proposed`);
      logger.info({ id, by }, 'insights: routing proposal withdrawn');
      return save({ ...p, status: 'withdrawn' });
    },
  };
}
