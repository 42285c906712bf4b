import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARRANTY_CLAIMS_COLLECTION } from '../../src/commerce/store-commerce.js';
import type { Running } from '../../src/main.js';
import { accountsEnv, signIn, type AgentClient } from '../assist/assist-harness.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

/**
 * Issue 15 in the panel: an agent sees whether the customer is verified, as whom (masked) and
 * how; a pending proposal with approve/decline; and the audit trail, which names the agent.
 */
describe('verification, proposals and the audit trail in the panel', () => {
  let app: Running;
  let dana: AgentClient;
  beforeAll(async () => {
    app = await startTestApp({ env: { AGENT_ACCOUNTS: await accountsEnv({ dana: 'dana password 1' }) } });
    dana = await signIn(app.url, 'dana', 'dana password 1');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('shows a guest as not verified, awaiting the e-mail on the order they named', async () => {
    const chat = await openConversation(app.url);
    await chat.send('where is order SB-10005?');
    const body = await dana.json<{ conversation: { verified: unknown; awaitingVerification: { orderId: string } | null } }>('GET', `/conversations/${chat.conversationId}`);
    expect(body.conversation.verified).toBeNull();
    expect(body.conversation.awaitingVerification).toMatchObject({ orderId: 'SB-10005' });
  });

  it('shows the verified customer masked, the pending proposal, and runs it when the agent approves', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10024' });
    const turn = await chat.send('the blender from SB-10024 smells burnt and stopped, please open a warranty claim');
    const proposal = turn.body.reply.attachments?.proposal;
    expect(proposal?.kind).toBe('open_warranty_claim');

    const before = await dana.json<{
      conversation: { verified: { as: string; method: string }; proposal: { id: string; orderId: string } };
      audit: unknown[];
    }>('GET', `/conversations/${chat.conversationId}`);
    expect(before.conversation.verified.method).toBe('identity_token');
    expect(before.conversation.verified.as).toMatch(/^\w•••@example\.com$/);
    expect(before.conversation.proposal).toMatchObject({ id: proposal.id, orderId: 'SB-10024' });
    expect(before.audit).toEqual([]);

    const approved = await dana.call('POST', `/conversations/${chat.conversationId}/proposals/${proposal.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { reply: { text: string } }).reply.text).toContain('WC-10024-KIT-1002');
    const again = await dana.call('POST', `/conversations/${chat.conversationId}/proposals/${proposal.id}/approve`, {});
    expect(again.status).toBe(409);

    const after = await dana.json<{ conversation: { proposal: unknown }; audit: unknown[] }>('GET', `/conversations/${chat.conversationId}`);
    expect(after.conversation.proposal).toBeNull();
    expect(after.audit).toEqual([expect.objectContaining({ action: 'open_warranty_claim', outcome: 'executed', confirmedBy: { kind: 'agent', agent: 'dana' } })]);
    // The customer got the outcome in their channel too.
    expect((await chat.history()).messages.some((m: { text: string }) => m.text.includes('WC-10024-KIT-1002'))).toBe(true);
    const claims = await app.composed.store.store.listRecords<{ id: string }>(WARRANTY_CLAIMS_COLLECTION, { limit: 100 });
    expect(claims.filter((c) => c.id === 'WC-10024-KIT-1002')).toHaveLength(1);
  });

  it('declines without changing anything', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10034' });
    const turn = await chat.send('please cancel order SB-10034');
    const proposal = turn.body.reply.attachments?.proposal;
    expect(proposal?.kind).toBe('cancel_order');
    const declined = await dana.call('POST', `/conversations/${chat.conversationId}/proposals/${proposal.id}/decline`, {});
    expect(declined.status).toBe(200);
    const order = await app.composed.commerce.getOrder({ email: (await app.composed.store.store.getConversation(chat.conversationId))!.customer!.email }, 'SB-10034');
    expect(order?.status).toBe('processing');
    const bad = await dana.call('POST', `/conversations/${chat.conversationId}/proposals/${proposal.id}/maybe`, {});
    expect(bad.status).toBe(400);
  });
});
