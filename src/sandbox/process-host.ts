/**
 * The child process of a ProcessSandbox: it holds one BrokerSandbox (the broker in a worker thread, its watchdogs
 * and limits) and relays kcheck's jobs to it and its outcomes back. It exits with kcheck: when the IPC channel
 * closes, nothing is left to answer.
 */
import { isKcheckInputError } from '../input-error.ts';
import { thrownText } from '../system/kernel/broker-guard.ts';
import { BrokerSandbox } from './broker-sandbox.ts';
import { ALIVE_INTERVAL_MS, type HostMessage, type HostRequest } from './process-protocol.ts';

let sandbox: BrokerSandbox | undefined;
const send = (message: HostMessage) => process.send?.(message);

async function onRequest(request: HostRequest): Promise<void> {
  switch (request.type) {
    case 'open':
      try {
        sandbox = await BrokerSandbox.open(request.modulePath, request.shownPath, request.limits);
        send({ type: 'opened', brokerId: sandbox.brokerId, ...(sandbox.failedToLoad !== undefined ? { failedToLoad: sandbox.failedToLoad } : {}) });
      } catch (error) {
        if (isKcheckInputError(error)) send({ type: 'openFailed', input: { kind: error.kind, reason: error.reason }, reason: error.message });
        else send({ type: 'openFailed', reason: `the sandbox did not open: ${thrownText(error)}` });
      }
      return;
    case 'run': {
      if (!sandbox) return void send({ type: 'outcome', outcome: { ok: false, failure: { reason: 'the sandbox ran a job before it opened' } } });
      const outcome = await sandbox.run(request.job, (runsDone) => send({ type: 'progress', runsDone }));
      send({ type: 'outcome', outcome });
      return;
    }
    case 'close':
      await sandbox?.close();
      process.exit(0);
      return;
    default: {
      const never: never = request;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

process.on('message', (request: HostRequest) => void onRequest(request));
process.on('disconnect', () => process.exit(0));
setInterval(() => send({ type: 'alive' }), ALIVE_INTERVAL_MS);
