/**
 * The seeder's GraphQL client: plain fetch with a bearer session (Vendure returns the token in
 * the `vendure-auth-token` header). Any GraphQL error, or an ErrorResult where a success was
 * expected, stops the seeding with the message Vendure gave.
 */
export class Gql {
  private token: string | null = null;
  constructor(readonly url: string) {}

  async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const token = res.headers.get('vendure-auth-token');
    if (token) this.token = token;
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (!res.ok || body.errors?.length) throw new Error(`${this.url}: ${res.status} ${body.errors?.map((e) => e.message).join('; ') ?? ''}\n${query}`);
    return body.data as T;
  }

  /** The field's value, which must be of `typename` (Vendure answers errors as union members). */
  async expect<T = any>(field: string, typename: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const data = await this.request<Record<string, any>>(query, variables);
    const value = data[field];
    if (!value || value.__typename !== typename) throw new Error(`${field}: expected ${typename}, got ${JSON.stringify(value)}`);
    return value as T;
  }

  async login(username: string, password: string): Promise<void> {
    await this.expect('login', 'CurrentUser', `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { __typename ... on CurrentUser { id } ... on ErrorResult { message } } }`, { u: username, p: password });
  }
}
