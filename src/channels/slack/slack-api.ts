import type { LogLevel, WebClient, Logger as SlackLogger } from '@slack/web-api';
import { lazyImport } from '../../core/lazy-import.js';
import type { Logger } from '../../core/logger.js';
import type { SlackOptions } from './slack-options.js';

/** Who the bot is in the workspace: its user id (for mentions) and bot id (for its own posts). */
export interface SlackIdentity {
  userId: string;
  botId?: string;
}

/** The two Web API calls the channel makes. */
export interface SlackApi {
  /** auth.test, asked once and remembered. */
  identity(): Promise<SlackIdentity>;
  postMessage(input: { channel: string; text: string; blocks?: Array<Record<string, unknown>>; threadTs?: string }): Promise<{ ts?: string }>;
}

/** The Web API's own logger, routed into ours, so nothing is printed to the console behind pino's back. */
function slackLogger(logger: Logger, initial: LogLevel): SlackLogger {
  let level = initial;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => logger.debug({ component: 'slack-web-api' }, text(msg)),
    info: (...msg) => logger.debug({ component: 'slack-web-api' }, text(msg)),
    warn: (...msg) => logger.warn({ component: 'slack-web-api' }, text(msg)),
    error: (...msg) => logger.error({ component: 'slack-web-api' }, text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The Web API client is imported on the first call, not at start: a server without Slack
 * configured never makes one, and the package kept about 1 MB of heap and 3-6 MB of RSS in
 * every process (issue 20: peak RSS).
 */
const loadSdk = lazyImport(() => import('@slack/web-api'));

export function createSlackApi(input: { options: SlackOptions; logger: Logger; timeoutMs?: number }): SlackApi {
  const { options } = input;
  let client: WebClient | null = null;
  let identity: Promise<SlackIdentity> | null = null;

  const web = async (): Promise<WebClient> => {
    if (!options.botToken) throw new Error('cannot call Slack: SLACK_BOT_TOKEN is not set');
    const { WebClient, LogLevel } = await loadSdk();
    client ??= new WebClient(options.botToken, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      logger: slackLogger(input.logger, LogLevel.WARN),
      timeout: input.timeoutMs ?? 10_000,
      // A few quick retries: the reply is already late if Slack needs more than that.
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    });
    return client;
  };

  return {
    identity() {
      identity ??= web()
        .then((w) => w.auth.test())
        .then((res) => {
          if (!res.user_id) throw new Error('Slack auth.test returned no user_id');
          return { userId: res.user_id, ...(res.bot_id ? { botId: res.bot_id } : {}) };
        })
        .catch((err: unknown) => {
          // Not remembered on failure: the next event asks again.
          identity = null;
          throw err;
        });
      return identity;
    },
    async postMessage({ channel, text, blocks, threadTs }) {
      const res = await (await web()).chat.postMessage({
        channel,
        text,
        mrkdwn: true,
        unfurl_links: false,
        ...(blocks && blocks.length > 0 ? { blocks: blocks as never } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { ts: res.ts };
    },
  };
}
