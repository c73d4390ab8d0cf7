/**
 * The worker-thread entry of `runScenarioParallel`: it receives the scenario,
 * the points and a shared counter once (workerData), takes the next point
 * from the counter until none is left, and posts each point's outcome.
 * Hardware setups are built once per worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { setPathBase } from '../catalog/data-dir.js';
import { setupHardware, simulateScenarioPoint, type HardwareSetup, type PointId } from './run.js';
import type { WorkerData, WorkerReply } from './parallel.js';

const data = workerData as WorkerData;
// Relative hardware, model and draft paths resolve against the scenario file, as in the main thread.
setPathBase(data.baseDir);
const setups = new Map<number, HardwareSetup>();
const port = parentPort!;

// Take points from the shared counter until none is left, then say so.
for (let k = Atomics.add(data.next, 0, 1); k < data.points.length; k = Atomics.add(data.next, 0, 1)) {
  const p = data.points[k]!;
  let reply: WorkerReply;
  try {
    let setup = setups.get(p.hardware);
    if (!setup) {
      setup = setupHardware(data.scenario, p.hardware, data.seed, { baseDir: data.baseDir, where: data.where }, false);
      setups.set(p.hardware, setup);
    }
    reply = { ok: true, point: p, outcome: simulateScenarioPoint(data.scenario, setup, data.seed, p) };
  } catch (e) {
    reply = { ok: false, point: p, message: (e as Error)?.message ?? String(e), where: e instanceof UserError ? e.where : undefined, user: e instanceof UserError };
  }
  port.postMessage(reply);
  if (!reply.ok) break;
}
port.postMessage({ done: true } satisfies WorkerReply);
