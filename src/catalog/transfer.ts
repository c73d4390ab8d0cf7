/**
 * How calibrated kernel behaviour carries over from a measured GPU to one
 * known only from its datasheet. Every efficiency is stated in a unit that
 * does not depend on the GPU it was measured on, so carrying it over is a
 * copy, and the target's own datasheet fields scale it:
 *
 * - fractions of a datasheet peak (`memBw`, `gemm`, `gemmMemBw`, the
 *   attention fractions of the GEMM peak) multiply the target's own peaks;
 * - per-kernel costs in µs (`kernelUs`, `eagerKernelUs`) stay: they are set by
 *   the launch path and the host, not by bandwidth or math;
 * - the SM-bound elementwise rate is bytes per SM per clock
 *   (`elementwiseBytesPerSmClk`): it scales with the target's `sms` × `clockMhz`,
 *   not with its memory bandwidth; so does a GEMM tile's operand feed from L2
 *   (`l2BytesPerSmClk`);
 * - shape parameters (`rooflineP`, `blockBwShare`) are dimensionless.
 *
 * What does not carry over between GPU generations is how well a given
 * kernel is tuned for the architecture (FlashAttention-2 reaches 0.93 of the
 * GEMM peak on Ampere but 0.46 on Hopper): a profile overrides those fields
 * in its own `efficiency`, with a note.
 */
import type { GpuEfficiency, GpuProfile } from './hardware-schema.js';

export function transferEfficiency(measured: GpuProfile, _target: { sms: number; clockMhz: number }): GpuEfficiency {
  return { ...measured.efficiency };
}
