import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON body strictly, without any framework: content type checked, size limited while
 * streaming (the socket is not read past the limit), invalid UTF-8 refused (not silently
 * replaced), then JSON.parse. Each failure is a coded 4xx error. An empty body parses as `{}`.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = req.headers['content-type'];
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limitBytes) {
    req.resume();
    throw new PayloadTooLargeError(limitBytes);
  }
  if (declared > 0 && !type?.toLowerCase().startsWith('application/json')) {
    req.resume();
    throw new UnsupportedMediaTypeError('application/json');
  }
  const buffer = await readLimited(req, limitBytes);
  return buffer.length === 0 ? {} : parseUtf8Json(buffer);
}

/** The same as express middleware: sets `req.body` or passes the coded error on. */
export function jsonBody(limitBytes: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    readJsonBody(req, limitBytes).then((body) => {
      req.body = body;
      next();
    }, next);
  };
}

/** Reads a body, refusing it as soon as it passes `limitBytes`. */
export function readLimited(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new PayloadTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseUtf8Json(buffer: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch (error) {
    throw new ValidationError('The request body is not valid UTF-8. Encode it as UTF-8.', { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MalformedJsonError({ cause: error });
  }
}
