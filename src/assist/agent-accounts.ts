import { ConfigError } from '../core/errors.js';
import type { Store } from '../core/store.js';
import { isPasswordHash } from './password-hash.js';

/** Records collection of accounts created with `npm run agent:add` (needs REDIS_URL to outlive the process). */
export const AGENT_ACCOUNTS_COLLECTION = 'agent-accounts';

/** Agent (login) names identify agents in the panel and the records; customers never see them. */
export const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/**
 * What customers see as the sender of an agent's messages and in "… has joined the chat":
 * optional, letters (any script), digits, spaces, ".", "'" and "-", up to 40 characters. Without
 * one, customers see a neutral "support team" label, never the login name.
 */
export const DISPLAY_NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .'’-]{0,39}$/u;

/** `admin` agents may also accept routing changes on the Insights page; everyone else is an `agent`. */
export type AgentRole = 'agent' | 'admin';
export const AGENT_ROLES: readonly AgentRole[] = ['agent', 'admin'];
const ROLE_SEGMENT = /^role=(.*)$/;

export interface StoredAgentAccount {
  name: string;
  hash: string;
  createdAt: number;
  displayName?: string;
  /** Absent: agent. */
  role?: AgentRole;
}

export function assertAgentName(name: string): void {
  if (!AGENT_NAME.test(name)) {
    throw new TypeError(`invalid agent name "${name}": use 1-32 letters, digits, "_", "." or "-", starting with a letter or digit`);
  }
}

export function assertDisplayName(displayName: string): void {
  if (!DISPLAY_NAME.test(displayName)) {
    throw new TypeError(`invalid display name "${displayName.slice(0, 40)}": use 1-40 letters, digits, spaces, ".", "'" or "-"`);
  }
}

export interface ConfiguredAccount {
  name: string;
  hash: string;
  displayName?: string;
  role?: AgentRole;
}

/**
 * AGENT_ACCOUNTS: "name:hash[:display name],…". The hash comes from `npm run agent:add` (which
 * prints the entry when there is no Redis to store it in). Errors name the variable and the entry.
 */
export function parseAgentAccounts(raw: string | undefined): Map<string, ConfiguredAccount> {
  const accounts = new Map<string, ConfiguredAccount>();
  if (!raw) return accounts;
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const [rawName = '', rawHash, ...rest] = entry.split(':');
    const name = rawName.trim();
    const hash = (rawHash ?? '').trim();
    const where = `entry ${i + 1} ("${name.slice(0, 32)}")`;
    // An optional last segment "role=admin" (display names cannot contain "="): older entries stay valid.
    const roleMatch = rest.length ? ROLE_SEGMENT.exec(rest[rest.length - 1]!.trim()) : null;
    if (roleMatch) rest.pop();
    const role = roleMatch ? roleMatch[1]!.trim() : undefined;
    if (role !== undefined && !AGENT_ROLES.includes(role as AgentRole)) {
      throw new ConfigError('AGENT_ACCOUNTS', `${where}: the role must be one of ${AGENT_ROLES.join(', ')}, got "${role.slice(0, 20)}"`);
    }
    const displayName = rest.length ? rest.join(':').trim() : undefined;
    if (!hash) throw new ConfigError('AGENT_ACCOUNTS', `${where} must be "name:hash" or "name:hash:display name" (create one with npm run agent:add)`);
    if (!AGENT_NAME.test(name)) throw new ConfigError('AGENT_ACCOUNTS', `${where}: the name must be 1-32 letters, digits, "_", "." or "-"`);
    if (!isPasswordHash(hash)) throw new ConfigError('AGENT_ACCOUNTS', `${where}: the hash is not a scrypt hash from npm run agent:add`);
    if (displayName !== undefined && !DISPLAY_NAME.test(displayName)) {
      throw new ConfigError('AGENT_ACCOUNTS', `${where}: the display name must be 1-40 letters, digits, spaces, ".", "'" or "-"`);
    }
    if (accounts.has(name.toLowerCase())) throw new ConfigError('AGENT_ACCOUNTS', `${where}: the name is listed twice`);
    accounts.set(name.toLowerCase(), { name, hash, ...(displayName ? { displayName } : {}), ...(role === 'admin' ? { role: 'admin' as const } : {}) });
  });
  return accounts;
}

/** An AGENT_ACCOUNTS entry for an account. */
export function accountEntry(account: ConfiguredAccount): string {
  const base = account.displayName ? `${account.name}:${account.hash}:${account.displayName}` : `${account.name}:${account.hash}`;
  return account.role === 'admin' ? `${base}:role=admin` : base;
}

export interface AgentAccount {
  /** Login name as configured. */
  name: string;
  hash: string;
  /** What customers see; absent: a neutral label. */
  displayName?: string;
  role: AgentRole;
  source: 'config' | 'store';
}

/** Names are case-insensitive. Accounts from AGENT_ACCOUNTS first (they win on a name clash), then those stored by agent:add. */
export interface AgentDirectory {
  find(name: string): Promise<AgentAccount | null>;
}

export function createAgentDirectory(store: Store, configured: Map<string, ConfiguredAccount>): AgentDirectory {
  return {
    async find(name) {
      if (!AGENT_NAME.test(name)) return null;
      const key = name.toLowerCase();
      const fromConfig = configured.get(key);
      if (fromConfig) return { ...fromConfig, role: fromConfig.role ?? 'agent', source: 'config' };
      const stored = await store.getRecord<StoredAgentAccount>(AGENT_ACCOUNTS_COLLECTION, key);
      if (!stored || typeof stored.hash !== 'string') return null;
      const displayName = typeof stored.displayName === 'string' && DISPLAY_NAME.test(stored.displayName) ? stored.displayName : undefined;
      return { name: stored.name, hash: stored.hash, ...(displayName ? { displayName } : {}), role: stored.role === 'admin' ? 'admin' : 'agent', source: 'store' };
    },
  };
}

export async function saveAgentAccount(store: Store, account: StoredAgentAccount): Promise<void> {
  assertAgentName(account.name);
  if (account.displayName !== undefined) assertDisplayName(account.displayName);
  if (!isPasswordHash(account.hash)) throw new TypeError('not a password hash');
  if (account.role !== undefined && !AGENT_ROLES.includes(account.role)) throw new TypeError(`invalid role "${String(account.role)}"`);
  await store.putRecord(AGENT_ACCOUNTS_COLLECTION, account.name.toLowerCase(), account);
}

/** Returns false when there was no stored account by that name. */
export async function removeAgentAccount(store: Store, name: string): Promise<boolean> {
  assertAgentName(name);
  const key = name.toLowerCase();
  const existing = await store.getRecord<StoredAgentAccount>(AGENT_ACCOUNTS_COLLECTION, key);
  if (!existing) return false;
  await store.deleteRecord(AGENT_ACCOUNTS_COLLECTION, key);
  return true;
}

/** Whether any agent can sign in at all: one configured in AGENT_ACCOUNTS or stored by agent:add. */
export async function hasAgentAccounts(store: Store, configured: ReadonlyMap<string, ConfiguredAccount>): Promise<boolean> {
  if (configured.size > 0) return true;
  return (await store.listRecords(AGENT_ACCOUNTS_COLLECTION, { limit: 1 })).length > 0;
}
