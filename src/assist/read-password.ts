import type { Readable, Writable } from 'node:stream';

type Input = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** The first line of a stream (piped input: `echo "$PW" | npm run agent:add -- --name a --password-stdin`). */
async function firstLine(input: Input): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    const nl = text.search(/\r?\n/);
    if (nl >= 0) return text.slice(0, nl);
    if (text.length > 4096) throw new Error('the password line is too long');
  }
  return text;
}

/** Reads a line from a terminal without echoing it. */
function hiddenLine(input: Input, output: Writable, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    input.setRawMode!(true);
    input.resume();
    let value = '';
    const done = (err: Error | null) => {
      input.setRawMode!(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** Asks on a terminal (twice when `confirm`), otherwise reads the first line of stdin. */
export async function readPassword(io: { stdin: Input; stderr: Writable }, opts: { fromStdin: boolean; confirm: boolean }): Promise<string> {
  if (opts.fromStdin || !io.stdin.isTTY || !io.stdin.setRawMode) {
    const line = await firstLine(io.stdin);
    if (!line) throw new Error('no password on standard input');
    return line;
  }
  const first = await hiddenLine(io.stdin, io.stderr, 'Password: ');
  if (opts.confirm) {
    const again = await hiddenLine(io.stdin, io.stderr, 'Repeat password: ');
    if (again !== first) throw new Error('the passwords do not match');
  }
  return first;
}
