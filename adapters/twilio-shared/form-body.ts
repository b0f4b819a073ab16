import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../src/errors';
import { readLimited } from '../../src/server/http/json-body';

/** The parameters of a Twilio webhook. A repeated name keeps every value, because Twilio signs them all. */
export type TwilioParams = Record<string, string | string[]>;

/** The only content type Twilio webhooks use. */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

/**
 * Parses a Twilio webhook body (`application/x-www-form-urlencoded`) strictly, like `jsonBody` does
 * for JSON: content type checked (415), size limited while streaming (413), percent-escapes decoded
 * to bytes and then required to be valid UTF-8 (400, never silently replaced). The result, a
 * {@link TwilioParams}, is left in `req.body` for the signature check.
 */
export function formBody(limitBytes: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const problem = headerProblem(req, limitBytes);
    if (problem) return next(problem);
    readLimited(req, limitBytes)
      .then((buffer) => {
        req.body = parseForm(buffer);
        next();
      })
      .catch(next);
  };
}

function headerProblem(req: Request, limitBytes: number): Error | undefined {
  if (Number(req.headers['content-length'] ?? 0) > limitBytes) return new PayloadTooLargeError(limitBytes);
  const [mediaType = '', ...parameters] = (req.headers['content-type'] ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== FORM_CONTENT_TYPE)
    return new UnsupportedMediaTypeError(FORM_CONTENT_TYPE);
  const charset = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  if (charset && charset !== 'charset=utf-8')
    return new UnsupportedMediaTypeError(`UTF-8 ${FORM_CONTENT_TYPE}`);
  return undefined;
}

/**
 * Decodes a form body. Splitting happens on bytes (`&` and `=` never occur inside a UTF-8
 * multi-byte sequence), so raw UTF-8 and percent-escapes decode the same way.
 */
export function parseForm(body: Buffer): TwilioParams {
  const params = new Map<string, string | string[]>();
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(AMPERSAND, start);
    if (end === -1) end = body.length;
    if (end > start) addPair(params, body.subarray(start, end));
    start = end + 1;
  }
  // fromEntries defines own properties, so a "__proto__" field cannot touch the prototype.
  return Object.fromEntries(params);
}

function addPair(params: Map<string, string | string[]>, pair: Buffer): void {
  const equals = pair.indexOf(EQUALS);
  const name = decodeComponent(equals === -1 ? pair : pair.subarray(0, equals));
  const value = equals === -1 ? '' : decodeComponent(pair.subarray(equals + 1));
  const previous = params.get(name);
  if (previous === undefined) params.set(name, value);
  else params.set(name, Array.isArray(previous) ? [...previous, value] : [previous, value]);
}

function decodeComponent(raw: Buffer): string {
  const bytes = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (byte === PLUS) bytes[n++] = SPACE;
    else if (byte === PERCENT) {
      const hex = raw.toString('latin1', i + 1, i + 3);
      if (hex.length !== 2 || !isHex(hex))
        throw new ValidationError('The form body has a malformed %-escape.');
      bytes[n++] = Number.parseInt(hex, 16);
      i += 2;
    } else bytes[n++] = byte;
  }
  try {
    return utf8.decode(bytes.subarray(0, n));
  } catch (error) {
    throw new ValidationError('The form body is not valid UTF-8. Encode it as UTF-8.', { cause: error });
  }
}

function isHex(text: string): boolean {
  for (const ch of text) if (!'0123456789abcdefABCDEF'.includes(ch)) return false;
  return true;
}
