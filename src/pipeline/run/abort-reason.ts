// Why a step's or job's signal fired, so its status can say "timed-out" or "cancelled".

export type AbortReason =
  | { readonly kind: 'cancel' }
  | { readonly kind: 'timeout'; readonly scope: 'step' | 'job'; readonly minutes: number };

export function abortReason(signal: AbortSignal): AbortReason | undefined {
  if (!signal.aborted) return undefined;
  const reason = signal.reason as Partial<AbortReason> | undefined;
  if (reason?.kind === 'timeout') return reason as AbortReason;
  return { kind: 'cancel' };
}

/** An AbortController that fires with a timeout reason after `minutes`, if given. */
export function timeoutSignal(
  minutes: number | undefined,
  scope: 'step' | 'job',
): { readonly signal: AbortSignal; readonly clear: () => void } {
  const controller = new AbortController();
  if (minutes === undefined) return { signal: controller.signal, clear: () => undefined };
  const timer = setTimeout(() => {
    const reason: AbortReason = { kind: 'timeout', scope, minutes };
    controller.abort(reason);
  }, minutes * 60_000);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

export function describeAbort(reason: AbortReason): string {
  if (reason.kind === 'cancel') return 'cancelled';
  return `timed out: the ${reason.scope}'s timeout-minutes is ${reason.minutes}`;
}
