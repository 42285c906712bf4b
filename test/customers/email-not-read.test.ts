import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { maskPii, withoutEmails } from '../../src/privacy/pii.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

/**
 * An e-mail address typed into a request is read by the identity step only: its parts are not
 * words of the request. Before, product search matched "com" against computers and commuter
 * helmets, and the address's name could come back in the reply.
 */
describe('an e-mail address is not part of what the customer asks', () => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ store: 'memory' });
  });
  afterAll(() => app?.stop());

  it.each([
    'my email is quinn.harlow@example.com do you have blenders',
    'hi, quinn.harlow@examplemail.co.uk here, which headphones are best',
    'which laptop would you suggest? reach me at quinn_harlow+shop@example.net',
    'quinn.harlow＠example.com: any good kettles',
  ])('"%s": no part of the address in the search or the reply', async (text) => {
    const chat = await openConversation(app.url);
    const res = await chat.send(text);
    expect(res.status).toBe(200);
    const reply = String(res.body.reply?.text ?? '').toLowerCase();
    for (const part of ['quinn', 'harlow', 'examplemail', '"com"', '"net"', '"uk"']) expect(reply, part).not.toContain(part);
  });

  it('an address in an earlier message is no word of a follow-up either (it is stored masked)', async () => {
    const chat = await openConversation(app.url);
    expect((await chat.send('hello, you can reach me at quinn.harlow@examplemail.com')).status).toBe(200);
    const res = await chat.send('do you have anything in glorbium?');
    expect(res.status).toBe(200);
    const reply = String(res.body.reply?.text ?? '').toLowerCase();
    for (const part of ['quinn', 'harlow', 'examplemail', '"com"']) expect(reply, part).not.toContain(part);
  });

  it('blanks masked addresses (as stored) and the whole name a mask would cover', () => {
    expect(withoutEmails('order 123 q•••@example.com thanks')).toBe('order 123   thanks');
    expect(withoutEmails('иван.petrov@example.com да')).toBe('  да');
    expect(withoutEmails(maskPii('mail иван.petrov@mail.ru tent'))).toBe('mail   tent');
  });

  it('blanks each address and nothing else', () => {
    expect(withoutEmails('a b@c.io d')).toBe('a   d');
    expect(withoutEmails('no address here, 2 @ 3')).toBe('no address here, 2 @ 3');
    expect(withoutEmails('x@y.com and z@w.org!')).toBe('  and  !');
  });
});
