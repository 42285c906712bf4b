import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';

/**
 * Reads `.env` from the working directory into process.env, as the README and `agent:add` tell
 * users to put their settings there. Variables already set in the environment win (a deployment's
 * own settings are never overridden by a file). Node's own parser (process.loadEnvFile, Node
 * 20.12+) does the reading; a missing file is not an error. ENV_FILE names another file.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  const file = path.resolve(cwd, env.ENV_FILE ?? '.env');
  if (!existsSync(file)) {
    if (env.ENV_FILE) throw new ConfigError('ENV_FILE', `no such file: ${file}`);
    return null;
  }
  try {
    process.loadEnvFile(file);
  } catch (err) {
    throw new ConfigError(file, `cannot be read as a .env file (${(err as Error).message})`);
  }
  return file;
}
