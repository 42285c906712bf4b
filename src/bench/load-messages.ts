/**
 * Customer messages the HTTP benchmarks send: written for the benchmark (never taken from
 * ../shared/eval/), one or two per shipped skill, in the order a load rotates through them.
 */
export const LOAD_MESSAGES: readonly string[] = [
  'Can you suggest a quiet blender for a small kitchen under 100 dollars?',
  'I want to return the kettle I bought last week, it arrived dented',
  'My vacuum cleaner stopped charging after three months, is that covered by the warranty?',
  'Which running shoes would you recommend for flat feet?',
  'How do I get a refund for an order I cancelled?',
  'The zipper on my backpack broke, can you repair it under guarantee?',
  'Do you have a store in the city centre and when does it open?',
  'Is this moisturiser safe for sensitive skin?',
];

/** A pool of open conversations used round-robin, each for `turnsPerConversation` turns, then replaced. */
export class ConversationRotation<C> {
  private current: C | null = null;
  private used = 0;
  constructor(
    private readonly open: () => Promise<C>,
    private readonly turnsPerConversation: number,
  ) {}

  async next(): Promise<C> {
    if (!this.current || this.used >= this.turnsPerConversation) {
      this.current = await this.open();
      this.used = 0;
    }
    this.used += 1;
    return this.current;
  }
}
