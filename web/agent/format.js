/** Formatting shared by the list and the conversation view. */

export function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}

export function clock(at) {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function pct(confidence) {
  return typeof confidence === 'number' ? confidence.toFixed(2) : '?';
}

export function usd(cost) {
  if (typeof cost !== 'number') return '';
  return cost === 0 ? '$0' : `$${cost < 0.01 ? cost.toFixed(6) : cost.toFixed(4)}`;
}

export const CHANNEL_LABEL = { webchat: 'web chat', teams: 'Teams', slack: 'Slack' };

export const FLAG_LABEL = {
  low_confidence: 'low confidence',
  asked_for_human: 'asked for a human',
  offline_reply: 'offline reply',
  guard_triggered: 'guard triggered',
  repeated_other: 'out of scope twice',
  escalated: 'escalated',
  verification_failed: 'verification failed',
  commerce_unavailable: 'order system down',
};

export function customerName(c) {
  return (c.customer && c.customer.name) || `customer ${String(c.customer && c.customer.id).slice(-6)}`;
}

export function json(value) {
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}
