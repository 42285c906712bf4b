import type { ReplyAttachments } from '../../core/skill.js';

type Products = NonNullable<ReplyAttachments['products']>;

/** Slack allows 3000 characters in one section's text. */
const SECTION_LIMIT = 3000;
const MAX_PRODUCTS = 20;

/**
 * Slack's message markup to plain words for the engine: the bot's own mention removed, other
 * mentions, channels and links turned into what a person sees, and the three escaped
 * characters restored.
 */
export function fromSlackText(text: string, botUserId: string | undefined): string {
  let out = text;
  if (botUserId) out = out.replace(new RegExp(`<@${escapeRegExp(botUserId)}(\\|[^<>]*)?>`, 'g'), ' ');
  out = out
    // Slack escapes '<' in text, so no part of a markup token contains one: excluding it keeps
    // each scan linear (an unclosed "<@U1|" no longer reads to the end from every '<').
    .replace(/<@([A-Z0-9]+)\|([^<>]+)>/g, '@$2')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)\|([^<>]*)>/g, (_m, id: string, name: string) => `#${name || id}`)
    .replace(/<!(here|channel|everyone)(\|[^<>]*)?>/g, '@$1')
    .replace(/<((?:https?|mailto):[^|<>]+)\|([^<>]+)>/g, '$2')
    .replace(/<((?:https?|mailto):[^<>]+)>/g, (_m, url: string) => url.replace(/^mailto:/, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return out.replace(/[ \t\u00a0]+/g, ' ').replace(/(?<!\s)\s*\n\s*/g, '\n').trim();
}

/**
 * The engine writes Markdown; Slack reads mrkdwn. Escapes &, < and > (Slack's rule) and
 * converts the constructs skills use: bold, links and headings.
 */
export function toMrkdwn(markdown: string): string {
  return markdown
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\[([^[\]\n]+)\]\((https?:\/\/[^\s()]+)\)/g, '<$2|$1>')
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/__([^_\n]+)__/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

export interface SlackMessage {
  /** Fallback for notifications and clients without blocks. */
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Splits at line breaks (or hard at the limit) so every section stays within Slack's size. */
function sections(mrkdwn: string): string[] {
  const out: string[] = [];
  let rest = mrkdwn;
  while (rest.length > SECTION_LIMIT) {
    const cut = rest.lastIndexOf('\n', SECTION_LIMIT);
    const at = cut > SECTION_LIMIT / 2 ? cut : SECTION_LIMIT;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

/** A reply as Block Kit: the text in sections, then one section per product. */
export function slackMessage(mrkdwn: string, attachments: ReplyAttachments | undefined, formatPrice: (price: number) => string): SlackMessage {
  const blocks: Array<Record<string, unknown>> = sections(mrkdwn).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  const products: Products = (attachments?.products ?? []).slice(0, MAX_PRODUCTS);
  if (products.length > 0) {
    blocks.push({ type: 'divider' });
    for (const p of products) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `*${toMrkdwn(p.name)}*\n${formatPrice(p.price)} · ${toMrkdwn(p.sku)}` },
      });
    }
  }
  return { text: mrkdwn, blocks };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
