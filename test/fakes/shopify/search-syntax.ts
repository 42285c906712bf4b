/**
 * The subset of Shopify's search syntax (shopify.dev/docs/api/usage/search-syntax) the fake
 * answers: `field:value` terms with bare or quoted values (backslash escapes), AND / OR
 * connectives (AND implied between terms), parentheses. A field the fake does not know is an
 * error, so a query the fake cannot judge fails loudly instead of matching everything.
 */
export type Predicate<T> = (item: T) => boolean;

type Token = { t: 'lp' } | { t: 'rp' } | { t: 'and' } | { t: 'or' } | { t: 'term'; field: string; value: string };

function tokenize(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ t: 'lp' });
      i++;
      continue;
    }
    if (c === ')') {
      out.push({ t: 'rp' });
      i++;
      continue;
    }
    const word = /^[A-Za-z_]+/.exec(query.slice(i))?.[0] ?? '';
    if ((word === 'AND' || word === 'OR') && /[\s(]/.test(query[i + word.length] ?? ' ')) {
      out.push({ t: word === 'AND' ? 'and' : 'or' });
      i += word.length;
      continue;
    }
    if (!word || query[i + word.length] !== ':') throw new Error(`search syntax: expected field:value at ${i} in ${JSON.stringify(query)}`);
    i += word.length + 1;
    let value = '';
    const quote = query[i];
    if (quote === '"' || quote === "'") {
      i++;
      while (i < query.length && query[i] !== quote) {
        if (query[i] === '\\') i++;
        value += query[i] ?? '';
        i++;
      }
      if (query[i] !== quote) throw new Error('search syntax: unterminated quoted value');
      i++;
    } else {
      while (i < query.length && !/[\s()]/.test(query[i]!)) value += query[i++];
    }
    out.push({ t: 'term', field: word.toLowerCase(), value });
  }
  return out;
}

export function parseSearch<T>(query: string, fields: Record<string, (item: T, value: string) => boolean>): Predicate<T> {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = () => tokens[pos];
  function term(): Predicate<T> {
    const tok = tokens[pos++];
    if (!tok) throw new Error('search syntax: unexpected end');
    if (tok.t === 'lp') {
      const inner = or();
      if (tokens[pos++]?.t !== 'rp') throw new Error('search syntax: missing )');
      return inner;
    }
    if (tok.t !== 'term') throw new Error(`search syntax: unexpected ${tok.t}`);
    const match = Object.hasOwn(fields, tok.field) ? fields[tok.field] : undefined;
    if (!match) throw new Error(`search syntax: the fake does not know the field "${tok.field}"`);
    const value = tok.value;
    return (item) => match(item, value);
  }
  function and(): Predicate<T> {
    const parts = [term()];
    for (let next = peek(); next && next.t !== 'or' && next.t !== 'rp'; next = peek()) {
      if (next.t === 'and') pos++;
      parts.push(term());
    }
    return (item) => parts.every((p) => p(item));
  }
  function or(): Predicate<T> {
    const parts = [and()];
    while (peek()?.t === 'or') {
      pos++;
      parts.push(and());
    }
    return (item) => parts.some((p) => p(item));
  }
  if (tokens.length === 0) return () => true;
  const predicate = or();
  if (pos !== tokens.length) throw new Error('search syntax: trailing tokens');
  return predicate;
}
