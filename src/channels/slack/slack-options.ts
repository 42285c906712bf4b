import { ConfigError } from '../../core/errors.js';

export interface SlackOptions {
  /** SLACK_SIGNING_SECRET: verifies that requests come from Slack. Unset = every request is refused. */
  signingSecret?: string;
  /** SLACK_BOT_TOKEN: xoxb- token the bot posts with. */
  botToken?: string;
  /** SLACK_API_URL: Web API base (default https://slack.com/api/); tests point it at a fake. */
  apiUrl?: string;
}

/** The env variables this channel reads (structural, so src/config is not imported). */
export interface SlackEnv {
  SLACK_SIGNING_SECRET?: string;
  SLACK_BOT_TOKEN?: string;
  SLACK_API_URL?: string;
}

export function slackOptionsFromEnv(env: SlackEnv): SlackOptions {
  if (env.SLACK_SIGNING_SECRET && !env.SLACK_BOT_TOKEN) {
    throw new ConfigError('SLACK_BOT_TOKEN', 'is required when SLACK_SIGNING_SECRET is set (the bot needs it to reply)');
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'is required when SLACK_BOT_TOKEN is set (requests from Slack cannot be verified without it)');
  }
  return { signingSecret: env.SLACK_SIGNING_SECRET, botToken: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL };
}

/** True when the Slack channel has what it needs to run. */
export function slackConfigured(options: SlackOptions): boolean {
  return Boolean(options.signingSecret && options.botToken);
}
