// The controller's log, counted rather than printed: how many reconciles ran (its debug line
// "reconciled" per pass) and the warnings it gave, the first few kept to show.
import { pino, type Logger } from 'pino';

export type ControllerCounts = { reconciles: number; warnings: number; firstWarnings: string[] };

export function countingLogger(): { log: Logger; counts: ControllerCounts } {
  const counts: ControllerCounts = { reconciles: 0, warnings: 0, firstWarnings: [] };
  const write = (line: string): void => {
    const entry = JSON.parse(line) as { level?: number; msg?: string };
    if (entry.msg === 'reconciled') counts.reconciles += 1;
    if ((entry.level ?? 0) < 40) return;
    counts.warnings += 1;
    if (counts.firstWarnings.length < 5) counts.firstWarnings.push(line.trim().slice(0, 600));
  };
  return { log: pino({ level: 'debug' }, { write }), counts };
}
