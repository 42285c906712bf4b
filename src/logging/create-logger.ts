import { pino } from 'pino';
import type { Logger } from '../core/logger.js';
import { redactPii, redactValue } from './redact-pii.js';

/** The process logger: JSON lines on stdout, secrets and customer PII scrubbed from every line. */
export function createLogger(opts: { level: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: 'switchboard' },
      formatters: {
        log: (obj) => redactValue(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactPii(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    opts.destination ?? process.stdout,
  ) as unknown as Logger;
}
