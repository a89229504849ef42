#!/usr/bin/env node
// Entry point of the `kcheck` command: registers tsx so the TypeScript sources run as they are, and keeps the
// exit-code contract at the process level: an error that escapes everything is an internal error (exit 3, one
// line), and a reader that goes away (`kcheck check | head -1`) ends nothing: output stops, the verdict's exit
// code stays.
import { setTimeout } from 'node:timers';
import { register } from 'tsx/esm/api';

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    stream.write = () => true;
  });
}

register();
const { main, reportInternalError } = await import('../src/cli/main.ts');
const debug = process.argv.includes('--debug');
const fail = (error) => {
  process.exitCode = reportInternalError(error, debug);
  process.exit();
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
process.exitCode = await main(process.argv.slice(2));
// The verdict is given: whatever is still pending (a worker thread being torn down) must not keep kcheck alive.
setTimeout(() => process.exit(), 5_000).unref();
