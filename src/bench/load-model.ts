import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from '../../test/fakes/fake-openai-server.js';

/** Router calls ask for structured output (src/router/model-router.ts); skill answers stream text. */
export function isRouterRequest(req: RecordedRequest): boolean {
  return (req.body.response_format as { type?: string } | undefined)?.type === 'json_schema';
}

/** The routed message, out of the router's delimited user turn. */
export function routedText(req: RecordedRequest): string {
  const m = /Customer message to route:\n<<<\n([\s\S]*)\n>>>\s*$/.exec(req.lastUserText);
  return m ? m[1]! : req.lastUserText;
}

/**
 * The instant fake model for load: skill answers get the fake's instant reply, router
 * calls a valid route chosen by `pickSkill` (the benchmarks pass the local classifier's
 * best guess), so a turn the router sends to the model goes on to be answered as with a
 * real model instead of failing over to the policy.
 */
export async function startLoadModel(opts: { pickSkill: (text: string) => string; record?: boolean }): Promise<FakeOpenAIServer> {
  const fake = await startFakeOpenAIServer({ instant: true, record: opts.record ?? false });
  fake.handle((req) =>
    isRouterRequest(req) ? { kind: 'json', value: { skill: opts.pickSkill(routedText(req)), confidence: 0.8, reason: 'fake model agrees with the local guess' } } : null,
  );
  return fake;
}
