import { ConfigError } from '../core/errors.js';
import type { Store } from '../core/store.js';
import { isPasswordHash } from './password-hash.js';

/** Records collection of accounts created with `npm run agent:add` (needs REDIS_URL to outlive the process). */
export const AGENT_ACCOUNTS_COLLECTION = 'agent-accounts';

/** Agent names appear in the panel and in the customer's "alice joined" notice. */
export const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

export interface StoredAgentAccount {
  name: string;
  hash: string;
  createdAt: number;
}

export function assertAgentName(name: string): void {
  if (!AGENT_NAME.test(name)) {
    throw new TypeError(`invalid agent name "${name}": use 1-32 letters, digits, "_", "." or "-", starting with a letter or digit`);
  }
}

/**
 * AGENT_ACCOUNTS: "name:hash,name:hash". The hash comes from `npm run agent:add` (which
 * prints it when there is no Redis to store it in). Errors name the variable and the entry.
 */
export function parseAgentAccounts(raw: string | undefined): Map<string, { name: string; hash: string }> {
  const accounts = new Map<string, { name: string; hash: string }>();
  if (!raw) return accounts;
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const sep = entry.indexOf(':');
    const name = sep < 0 ? entry : entry.slice(0, sep).trim();
    const hash = sep < 0 ? '' : entry.slice(sep + 1).trim();
    const where = `entry ${i + 1} ("${name.slice(0, 32)}")`;
    if (sep < 0 || !hash) throw new ConfigError('AGENT_ACCOUNTS', `${where} must be "name:hash" (create one with npm run agent:add)`);
    if (!AGENT_NAME.test(name)) throw new ConfigError('AGENT_ACCOUNTS', `${where}: the name must be 1-32 letters, digits, "_", "." or "-"`);
    if (!isPasswordHash(hash)) throw new ConfigError('AGENT_ACCOUNTS', `${where}: the hash is not a scrypt hash from npm run agent:add`);
    if (accounts.has(name.toLowerCase())) throw new ConfigError('AGENT_ACCOUNTS', `${where}: the name is listed twice`);
    accounts.set(name.toLowerCase(), { name, hash });
  });
  return accounts;
}

export interface AgentAccount {
  /** Display name as configured. */
  name: string;
  hash: string;
  source: 'config' | 'store';
}

/** Names are case-insensitive. Accounts from AGENT_ACCOUNTS first (they win on a name clash), then those stored by agent:add. */
export interface AgentDirectory {
  find(name: string): Promise<AgentAccount | null>;
}

export function createAgentDirectory(store: Store, configured: Map<string, { name: string; hash: string }>): AgentDirectory {
  return {
    async find(name) {
      if (!AGENT_NAME.test(name)) return null;
      const key = name.toLowerCase();
      const fromConfig = configured.get(key);
      if (fromConfig) return { ...fromConfig, source: 'config' };
      const stored = await store.getRecord<StoredAgentAccount>(AGENT_ACCOUNTS_COLLECTION, key);
      return stored && typeof stored.hash === 'string' ? { name: stored.name, hash: stored.hash, source: 'store' } : null;
    },
  };
}

export async function saveAgentAccount(store: Store, account: StoredAgentAccount): Promise<void> {
  assertAgentName(account.name);
  if (!isPasswordHash(account.hash)) throw new TypeError('not a password hash');
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
