import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  ConversationErasedError,
  ConversationActionError,
  ConversationNotFoundError,
  CustomerAlreadyBoundError,
  HttpError,
  LockTimeoutError,
  MessageNotFoundError,
  ProposalNotFoundError,
  StoreUnavailableError,
  UnknownSkillError,
} from '../core/errors.js';
import type { Logger } from '../core/logger.js';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Maps anything thrown by a route to one JSON error shape. Only HttpError messages reach clients. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof StoreUnavailableError) {
    return new HttpError(503, 'store_unavailable', 'the conversation store is unavailable; retry shortly', {
      headers: { 'Retry-After': '2' },
    });
  }
  if (err instanceof ProposalNotFoundError) return new HttpError(409, 'proposal_not_pending', err.message);
  if (err instanceof CustomerAlreadyBoundError) return new HttpError(409, 'customer_already_bound', err.message);
  // Erased is a kind of not found: both say "this conversation is not there"; the code tells which.
  if (err instanceof ConversationErasedError) return new HttpError(404, 'conversation_erased', err.message);
  if (err instanceof ConversationNotFoundError) return new HttpError(404, 'conversation_not_found', err.message);
  if (err instanceof MessageNotFoundError) return new HttpError(404, 'message_not_found', err.message);
  if (err instanceof UnknownSkillError) return new HttpError(400, 'unknown_skill', err.message);
  if (err instanceof ConversationActionError) {
    return new HttpError(err.kind === 'conflict' ? 409 : 400, err.code, err.message, err.details === undefined ? {} : { details: err.details });
  }
  if (err instanceof LockTimeoutError) {
    return new HttpError(409, 'conversation_busy', 'another message in this conversation is still being answered; retry shortly', {
      headers: { 'Retry-After': '2' },
    });
  }
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'request body is not valid JSON');
    case 'entity.too.large':
      return new HttpError(413, 'body_too_large', 'request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_encoding', e.message);
    case 'request.aborted':
      return new HttpError(400, 'request_aborted', 'request was aborted by the client');
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new HttpError(400, 'invalid_body', 'request body could not be read');
  }
  // Express decodes path parameters itself and throws a URIError (status 400) on a bad %-escape.
  if (err instanceof URIError) return new HttpError(400, 'invalid_path', 'the request path has a malformed %-escape');
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, 'bad_request', e.expose ? e.message : 'bad request');
  }
  return new HttpError(500, 'internal_error', 'internal error');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const httpError = toHttpError(err);
    if (httpError.status >= 500) {
      logger.error({ err, method: req.method, path: req.path }, 'request failed');
    } else {
      logger.debug({ code: httpError.code, method: req.method, path: req.path }, httpError.message);
    }
    if (res.headersSent) {
      // A stream already started (SSE): end it; its own error event was sent by the route if it could.
      res.end();
      return;
    }
    res.set(httpError.headers);
    res.status(httpError.status).json({
      error: {
        code: httpError.code,
        message: httpError.message,
        ...(httpError.details === undefined ? {} : { details: httpError.details }),
      },
    });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};
