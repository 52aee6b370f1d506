import type { FastifyReply } from 'fastify';

/** A Kite error answer: HTTP status + `{status:'error', message, error_type, data:null}`. */
export class KiteHttpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** A non-JSON success body (the instruments CSV). */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly body: string,
  ) {}
}

export const inputError = (message: string) => new KiteHttpError(400, 'InputException', message);
export const tokenError = () => new KiteHttpError(403, 'TokenException', 'Incorrect `api_key` or `access_token`.');

export function sendJson(reply: FastifyReply, httpStatus: number, body: unknown): void {
  // exactly 'application/json' like Kite: fastify appends '; charset=utf-8' to string bodies, not to buffers
  reply
    .code(httpStatus)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body)));
}

export function sendSuccess(reply: FastifyReply, data: unknown): void {
  if (data instanceof RawBody) {
    reply.code(200).header('content-type', data.contentType).send(Buffer.from(data.body));
    return;
  }
  sendJson(reply, 200, { status: 'success', data });
}

export function sendError(reply: FastifyReply, e: KiteHttpError): void {
  sendJson(reply, e.httpStatus, { status: 'error', message: e.message, error_type: e.errorType, data: null });
}
