import { randomUUID } from 'node:crypto';

/** Message and conversation ids: random, URL-safe, unguessable (a conversation id is not a secret, the token is). */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}
