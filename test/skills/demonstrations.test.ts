import { describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../src/skills/config-problem.js';
import { exchangeProblems, parseDemonstrations } from '../../src/skills/demonstrations.js';
import { createFakeTools } from './fakes.js';

const tools = createFakeTools();
const ctx = { allowedTools: ['get_order', 'check_return_eligibility'], tools };

function parse(raw: unknown) {
  const problems: ConfigProblem[] = [];
  const out = parseDemonstrations(raw, 'demos.yaml', ctx, problems);
  return { ...out, problems };
}

describe('demonstrations', () => {
  it('turn a readable exchange with tool calls into chat messages', () => {
    const { demos, problems } = parse([
      {
        id: 'check-order',
        turns: [
          { user: 'where is order 55?' },
          { assistant: 'Let me look.', calls: [{ tool: 'get_order', args: { order_id: '55' }, result: { status: 'shipped' } }] },
          { assistant: 'It has shipped.' },
        ],
      },
    ]);
    expect(problems).toEqual([]);
    expect(demos[0]!.messages).toEqual([
      { role: 'user', content: 'where is order 55?' },
      { role: 'assistant', content: 'Let me look.', toolCalls: [{ id: 'call_check-order_1', name: 'get_order', arguments: '{"order_id":"55"}' }] },
      { role: 'tool', toolCallId: 'call_check-order_1', content: '{"status":"shipped"}' },
      { role: 'assistant', content: 'It has shipped.' },
    ]);
  });

  it('report a missing tool result, with the demonstration and field', () => {
    const { problems } = parse([
      { id: 'broken', turns: [{ user: 'hi' }, { calls: [{ tool: 'get_order', args: { order_id: '1' } }] }, { assistant: 'ok' }] },
    ]);
    expect(problems).toContainEqual({ file: 'demos.yaml', field: '[0] broken turns[1].calls[0].result', message: 'result is required (what the tool returned)' });
  });

  it('report exchanges that end on a tool call, or have two user turns in a row', () => {
    const { problems } = parse([
      { id: 'ends-on-call', turns: [{ user: 'hi' }, { calls: [{ tool: 'get_order', args: { order_id: '1' }, result: {} }] }] },
      { id: 'two-users', turns: [{ user: 'hi' }, { user: 'hello?' }, { assistant: 'Hi!' }] },
    ]);
    expect(problems).toContainEqual({ file: 'demos.yaml', field: '[0] ends-on-call', message: 'must end with an assistant reply in words (not a tool call or a user turn)' });
    expect(problems).toContainEqual({ file: 'demos.yaml', field: '[1] two-users', message: "message 2: two user turns in a row; put the assistant's reply between them" });
  });

  it('check tool calls against the registry, the skill and the tool argument parser', () => {
    const { problems } = parse([
      {
        id: 'bad-calls',
        turns: [
          { user: 'return order 9' },
          {
            calls: [
              { tool: 'get_ordr', args: {}, result: {} },
              { tool: 'search_products', args: { query: 'x' }, result: [] },
              { tool: 'check_return_eligibility', args: { order: '9' }, result: {} },
            ],
          },
          { assistant: 'Done.' },
        ],
      },
    ]);
    const fields = problems.map((p) => `${p.field}: ${p.message}`);
    expect(fields).toContainEqual(expect.stringMatching(/^\[0\] bad-calls turns\[1\]\.calls\[0\]\.tool: unknown tool "get_ordr"/));
    expect(fields).toContainEqual('[0] bad-calls turns[1].calls[1].tool: the skill does not list tool "search_products" in its skill.yaml tools');
    expect(fields).toContainEqual(expect.stringMatching(/^\[0\] bad-calls turns\[1\]\.calls\[2\]\.args: arguments rejected by check_return_eligibility: .*order/));
  });

  it('reject duplicate ids and turns that mix user and assistant', () => {
    const { problems } = parse([
      { id: 'a', turns: [{ user: 'x' }, { assistant: 'y' }] },
      { id: 'a', turns: [{ user: 'x', assistant: 'y' }, { assistant: 'z' }] },
    ]);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['demonstration id "a" is used twice', 'a turn is either `user:` or `assistant:` (with optional `calls:`), not both']),
    );
  });

  it('exchangeProblems accepts a well-formed exchange and flags an orphan tool result', () => {
    expect(exchangeProblems([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }])).toEqual([]);
    expect(
      exchangeProblems([
        { role: 'user', content: 'a' },
        { role: 'tool', toolCallId: 'x', content: '{}' },
        { role: 'assistant', content: 'b' },
      ]),
    ).toContain('message 2: a tool result that answers no open tool call');
  });
});
