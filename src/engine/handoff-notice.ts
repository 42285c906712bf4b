import { handoffState, type HandoffState } from '../core/presence.js';
import { fillTemplate } from '../locale/locale-packs.js';
import type { EngineContext } from './engine-context.js';

/**
 * What the bot tells a customer whose conversation it hands to a person, from who can answer now
 * (agent presence, across processes) and the store's support hours, e-mail and phone: never a
 * promise that someone will reply "shortly" when nobody is there to. The conversation stays in
 * the queue in every case, for the next agent who signs in.
 */
export async function handoffNotice(ctx: EngineContext, language: string | null = null): Promise<{ state: HandoffState; text: string }> {
  const state = await currentHandoffState(ctx);
  const pack = ctx.deps.locales.get(language);
  const info = ctx.deps.commerce.storeInfo();
  const template = state === 'agents_online' ? pack.replies.handoff_online : state === 'nobody_online' ? pack.replies.handoff_offline : pack.replies.handoff_no_agents;
  return { state, text: fillTemplate(template, { hours: info.supportHours, email: info.supportEmail, phone: info.supportPhone }) };
}

async function currentHandoffState(ctx: EngineContext): Promise<HandoffState> {
  if (!ctx.deps.staffing) return 'no_agents';
  try {
    return handoffState(await ctx.deps.staffing.staffing());
  } catch (err) {
    // Presence unreadable (store hiccup): promise nothing, give the contacts.
    ctx.logger.warn({ err }, 'agent presence unavailable; handing off as if nobody were online');
    return 'nobody_online';
  }
}
