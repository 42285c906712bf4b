import { createHash } from 'node:crypto';
import { isNoScriptError, redisCall, type RedisConnection } from './redis-client.js';

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

/** Names each script after its export, so round-trip counts can say which script ran. */
export function nameScripts(scripts: Record<string, LuaScript>): void {
  for (const [name, script] of Object.entries(scripts)) {
    script.name = name;
    scriptNames.set(script.sha, name);
  }
}

/** Script names by SHA (the only thing EVALSHA sends). */
export const scriptNames = new Map<string, string>();
