import { z } from 'zod';
import type { Table } from './render-table.js';

/** Redis round trips per turn kind (src/bench/state-roundtrips.ts), part of the state section of bench/results.json. */
export const roundTripSectionSchema = z.object({
  store: z.enum(['redis', 'redis-cluster']),
  goalOrdinary: z.number().int(),
  rows: z.array(
    z.object({
      kind: z.enum(['first message', 'ordinary turn', 'duplicate', 'human mode']),
      roundTrips: z.number().int(),
      commands: z.number().int(),
      afterReplyRoundTrips: z.number().int(),
      afterReplyCommands: z.number().int(),
      batches: z.array(z.string()),
    }),
  ),
});

export type RoundTripSectionData = z.infer<typeof roundTripSectionSchema>;

export function roundTripTable(s: RoundTripSectionData | null | undefined): Table | null {
  if (!s) return null;
  return {
    title: `Redis round trips per web chat turn (${s.store}; counted on the client, a batch of commands written together = 1; goal for an ordinary turn ≤ ${s.goalOrdinary})`,
    headers: ['Turn', 'Round trips until the reply', 'Commands', 'After the reply', 'Batches until the reply'],
    rows: s.rows.map((r) => [r.kind, String(r.roundTrips), String(r.commands), `${r.afterReplyRoundTrips} (${r.afterReplyCommands} commands)`, r.batches.join(' · ')]),
  };
}
