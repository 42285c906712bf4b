import { createHash } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import { isCluster, isNoScriptError, redisCall, type RedisConnection } from './redis-client.js';

/** A Lua script run by SHA (EVALSHA), falling back to EVAL when the server lost its script cache (e.g. after a restart). */
export class LuaScript {
  readonly sha: string;
  /** For counts and logs (see nameScripts). */
  name = 'script';

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  run(client: RedisConnection, keys: string[], args: Array<string | number>): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    return redisCall(async () => {
      try {
        return await client.evalSha(this.sha, options);
      } catch (err) {
        if (!isNoScriptError(err)) throw err;
        return client.eval(this.source, options);
      }
    });
  }
}

/** Names each script after its export, so round-trip counts can say which script ran; preloadScripts loads them. */
export function nameScripts(scripts: Record<string, LuaScript>): void {
  for (const [name, script] of Object.entries(scripts)) {
    script.name = name;
    scriptNames.set(script.sha, name);
    scriptSources.set(script.source, name);
  }
}

/** Script names by SHA (the only thing EVALSHA sends). */
export const scriptNames = new Map<string, string>();
/** Script names by source (what the EVAL fallback sends). */
export const scriptSources = new Map<string, string>();

/**
 * Loads every named script into the script cache of the Redis (each master of a cluster) at
 * start-up, so a turn's first EVALSHA on a node is not answered NOSCRIPT and sent again as
 * EVAL (a second round trip). Best effort: a master added later, or a restarted Redis, still
 * gets the EVAL fallback of LuaScript.run.
 */
export async function preloadScripts(client: RedisConnection, logger: Logger): Promise<void> {
  const sources = [...scriptSources.keys()];
  try {
    const nodes = isCluster(client) ? await Promise.all(client.masters.map((master) => client.nodeClient(master))) : [client];
    await Promise.all(nodes.flatMap((node) => sources.map((source) => node.scriptLoad(source))));
  } catch (err) {
    logger.warn({ err }, 'could not preload the Lua scripts; they load on first use');
  }
}
