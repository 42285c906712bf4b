import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SLACK_BOT_EVENTS, SLACK_BOT_SCOPES, SLACK_MOUNT_PATH } from '../../src/channels/slack/slack-routes.js';

describe('Slack app manifest', () => {
  const manifest = parse(readFileSync('manifest/slack/manifest.yaml', 'utf8'));

  it('subscribes to exactly the events the channel handles, with exactly the scopes it needs', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...SLACK_BOT_EVENTS].sort());
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('points the Events API at the channel route over https, without Socket Mode', () => {
    const url = new URL(manifest.settings.event_subscriptions.request_url);
    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe(SLACK_MOUNT_PATH);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('lets people write to the bot directly (App Home messages tab)', () => {
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest._metadata.major_version).toBe(1);
  });
});
