import type { StoredMessage } from '../core/conversation.js';
import type { TurnResult } from '../core/engine.js';
import { MessageNotFoundError, UnknownSkillError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { RouteDecision } from '../core/route.js';
import type { EngineContext } from './engine-context.js';
import { respond } from './respond.js';
import { goneError } from './turn-conversation.js';

/**
 * An agent re-routed a customer message: the named skill answers it again (method 'agent'),
 * following the conversation's mode; under an agent owner the answer is only a draft for them.
 */
export async function reroute(ctx: EngineContext, input: { conversationId: string; messageId: string; skill: string; agent: string }): Promise<TurnResult> {
  const { store, clock } = ctx;
  const { conversationId, messageId, skill: skillId, agent } = input;
  const set = ctx.deps.skills.current();
  if (!set.skills.has(skillId)) throw new UnknownSkillError(skillId);
  return store.withLock(
    `conv:${conversationId}`,
    async () => {
      const conversation = await store.getConversation(conversationId);
      if (!conversation) throw await goneError(store, conversationId);
      const all = await store.getMessages(conversationId);
      const index = all.findIndex((m) => m.id === messageId && m.role === 'customer');
      const found = all[index];
      if (!found || found.role !== 'customer') throw new MessageNotFoundError(messageId, `no customer message "${messageId}" in this conversation`);
      const history = all.slice(Math.max(0, index - ctx.opts.historyForPrompt), index);
      const route: RouteDecision = {
        skill: skillId,
        confidence: 1,
        method: 'agent',
        reason: { note: `re-routed by ${agent} from ${found.route?.skill ?? 'unrouted'}` },
      };
      const note: StoredMessage = { id: newId('m'), role: 'system', text: `${agent} re-routed a message to ${skillId}`, at: clock.now(), event: 'rerouted' };
      await store.appendMessage(conversationId, note);
      ctx.publish({ type: 'message', conversationId, message: note });
      if (conversation.mode === 'human') {
        // The agent owns the conversation: draft the skill's answer for them, never send it.
        const result = await respond(ctx, { conversation: { ...conversation, mode: 'assist', modeSource: 'agent' }, customer: found, history, route });
        return { conversationId, duplicate: false, route, reply: result.reply && { ...result.reply, status: 'draft' as const }, mode: 'human' };
      }
      const result = await respond(ctx, { conversation, customer: found, history, route });
      return { conversationId, duplicate: false, route, reply: result.reply, mode: result.mode };
    },
    ctx.lock,
  );
}
