import type { ActivityEntity } from './activity-schema.js';

/**
 * Removes the bot's own @mention from a message. In channels and group chats Teams puts
 * `<at>Bot name</at>` into the text and describes it in a `mention` entity; the entity's
 * `mentioned.id` is what identifies the bot (names can be changed), its `text` is what to cut.
 * Mentions of other people are left as they are.
 */
export function stripBotMention(text: string, entities: ActivityEntity[] | undefined, botId: string): string {
  let out = text;
  for (const entity of entities ?? []) {
    if (entity.type !== 'mention' || entity.mentioned?.id !== botId) continue;
    const mentionText = entity.text ?? (entity.mentioned.name ? `<at>${entity.mentioned.name}</at>` : undefined);
    if (mentionText) out = out.split(mentionText).join(' ');
  }
  return out.replace(/[ \t\u00a0]+/g, ' ').replace(/(?<!\s)\s*\n\s*/g, '\n').trim();
}
