/**
 * The hardware-backend contract: every registered backend, on every shipped
 * profile of its kind, passes the same properties. A new hardware kind is one
 * backend file and one registry line, and these tests run on it unchanged.
 */
import { describe, expect, it } from 'vitest';
import { listHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import type { HardwareBackend } from '../src/cost/backend.js';
import { BACKENDS, backendOf } from '../src/cost/backends/index.js';
import { UserError } from '../src/errors.js';
import { describeBackendContract } from './helpers/backend-contract.js';

const MODELS = ['llama2-7b', 'mixtral-8x7b', 'llama-68m', 'llama2-7b+eagle', 'vicuna-7b+medusa4'].map((id) => resolveModel(id));

describe('hardware backends', () => {
  it('every hardware kind of the shipped profiles has a backend, and the backend names its kind', () => {
    for (const hw of listHardware()) expect(backendOf(hw).kind).toBe(hw.kind);
    for (const [kind, b] of Object.entries(BACKENDS)) expect(b.kind).toBe(kind);
  });

  for (const [kind, backend] of Object.entries(BACKENDS)) describeBackendContract(kind, backend as HardwareBackend, listHardware().filter((h) => h.kind === kind), MODELS, (e) => e instanceof UserError);
});
