import { createHash } from 'node:crypto';
import { isNoScriptError, redisCall, type RedisConnection } from './redis-client.js';

/** A Lua script run by SHA (EVALSHA), falling back to EVAL when the server lost its script cache (e.g. after a restart). */
export class LuaScript {
  readonly sha: string;

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
