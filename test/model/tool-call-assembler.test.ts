import { describe, expect, it } from 'vitest';
import { ToolCallAssembler } from '../../src/model/tool-call-assembler.js';

describe('ToolCallAssembler', () => {
  it('joins argument fragments by index, with interleaved parallel calls', () => {
    const a = new ToolCallAssembler();
    a.add([{ index: 0, id: 'call_1', function: { name: 'get_order', arguments: '' } }]);
    a.add([{ index: 1, id: 'call_2', function: { name: 'check_warranty', arguments: '{"sk' } }]);
    a.add([{ index: 0, function: { arguments: '{"order_' } }]);
    a.add([{ index: 1, function: { arguments: 'u":"KT-1"}' } }, { index: 0, function: { arguments: 'id":"A-7"}' } }]);
    expect(a.finish()).toEqual([
      { id: 'call_1', name: 'get_order', arguments: '{"order_id":"A-7"}' },
      { id: 'call_2', name: 'check_warranty', arguments: '{"sku":"KT-1"}' },
    ]);
  });

  it('continues the latest call when a server omits index, and starts a new one on a new id', () => {
    const a = new ToolCallAssembler();
    a.add([{ id: 'x1', function: { name: 'get_order', arguments: '{"order_id":' } }]);
    a.add([{ function: { arguments: '"A-1"}' } }]);
    a.add([{ id: 'x2', function: { name: 'get_product', arguments: '{"sku":"P-9"}' } }]);
    expect(a.finish()).toEqual([
      { id: 'x1', name: 'get_order', arguments: '{"order_id":"A-1"}' },
      { id: 'x2', name: 'get_product', arguments: '{"sku":"P-9"}' },
    ]);
  });

  it('gives a second call reusing an index its own slot, and never repeats a re-sent name', () => {
    const a = new ToolCallAssembler();
    a.add([{ index: 0, id: 'c1', function: { name: 'get_order', arguments: '{"order_id":"A-1"}' } }]);
    a.add([{ index: 0, id: 'c2', function: { name: 'get_order', arguments: '{"order_id":"A-2"}' } }]);
    a.add([{ index: 0, function: { name: 'get_order' } }]);
    expect(a.finish().map((c) => [c.id, c.name, c.arguments])).toEqual([
      ['c1', 'get_order', '{"order_id":"A-1"}'],
      ['c2', 'get_order', '{"order_id":"A-2"}'],
    ]);
  });

  it('invents stable ids for calls that arrive without one', () => {
    const a = new ToolCallAssembler();
    a.add([{ index: 0, function: { name: 'get_return_policy', arguments: '{}' } }]);
    a.add([{ index: 1, function: { name: 'get_warranty_terms', arguments: '{}' } }]);
    expect(a.finish().map((c) => c.id)).toEqual(['call_0', 'call_1']);
    expect(a.count).toBe(2);
  });

  it('ignores empty input', () => {
    const a = new ToolCallAssembler();
    a.add(undefined);
    a.add(null);
    a.add([]);
    expect(a.finish()).toEqual([]);
  });
});
