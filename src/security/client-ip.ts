import type { IncomingMessage } from 'node:http';

/**
 * The client's IP address: the socket's peer, or, behind `trustProxyHops` proxies, the entry that
 * many places from the right of `X-Forwarded-For` (entries further left are client-controlled and
 * never trusted). `unknown` when the socket is already gone.
 */
export function clientIp(req: IncomingMessage, trustProxyHops = 0): string {
  const peer = req.socket?.remoteAddress ?? 'unknown';
  if (trustProxyHops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  // The last proxy appended the address it saw; with N trusted hops the client is N from the right.
  return chain[chain.length - trustProxyHops] ?? peer;
}
