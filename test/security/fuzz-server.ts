/**
 * The fuzz test's target, in its own process (`node --import tsx test/security/fuzz-server.ts`):
 * the full security deployment on loopback. Prints `{"port":N}` once listening; closes when stdin
 * ends. A separate process lets the fuzzer and the server use both cores, and a crash shows as an
 * exit instead of taking the test runner down.
 */
import { startSecurityServer } from './security-server';

async function main(): Promise<void> {
  const server = await startSecurityServer();
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void server.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz server failed to start: ${String(error)}\n`);
  process.exit(1);
});
