/**
 * Prints the engine constants fitted on published figures
 * (src/validate/engine-fit.ts), to copy into data/engines/*.json after a
 * change to the kernels or to a constant held fixed in a fit.
 */
import { fitEngines } from '../src/validate/engine-fit.js';

const fit = fitEngines();
const r = (x: number): number => Math.round(x);
console.log(JSON.stringify({
  vllm: { 'host.stepUs': r(fit.vllm.hostStepUs), 'speculation.roundUs': r(fit.vllm.roundUs), 'speculation.perDraftPassUs': r(fit.vllm.perDraftPassUs) },
  sglang: { 'speculation.perNodeUs': r(fit.sglang.perNodeUs) },
  hf: { 'speculation.roundUs': r(fit.hf.roundUs), 'methods.ngram.roundUs (counted, not fitted)': r(fit.hf.ngramRoundUs) },
  trtllm: { 'host.stepUs': r(fit.trtllm.hostStepUs), 'host.perSeqUs': Number(fit.trtllm.perSeqUs.toFixed(1)) },
  'nim (validation case parameter)': { 'host.stepUs': r(fit.nim.hostStepUs) },
}, null, 2));
