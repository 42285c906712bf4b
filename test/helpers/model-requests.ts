import type { RecordedRequest } from '../fakes/fake-openai-server.js';

/** The model router is the only caller that asks for structured output; skill answers never do. */
export function isRouterCall(req: RecordedRequest): boolean {
  return typeof req.body === 'object' && req.body !== null && 'response_format' in (req.body as Record<string, unknown>);
}
