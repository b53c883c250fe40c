// buildah (1.28 in Debian 12, and still open upstream as containers/buildah#5501) reuses a cached
// layer for an `ENV`/`LABEL` whose value comes from a build argument when no `RUN` follows it in
// its stage, so a new `--build-arg` value silently yields the old image — and two builds of
// different versions the same digest. Found by the cat app's demo. This finds that shape so the
// build can skip the cache instead. Pure.

export type BuildArgCacheHazard = {
  /** 1-based line of the instruction in the Containerfile. */
  readonly line: number;
  readonly instruction: string;
  readonly arg: string;
};

type Instruction = { readonly line: number; readonly keyword: string; readonly text: string };

/** Instructions with their continuation lines joined; comments and blank lines dropped. */
function instructions(containerfile: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: { line: number; parts: string[] } | undefined;
  containerfile.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === undefined && (line.trim() === '' || line.trim().startsWith('#'))) return;
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1) : line;
    pending ??= { line: index + 1, parts: [] };
    if (!part.trim().startsWith('#')) pending.parts.push(part.trim());
    if (!continued) {
      const text = pending.parts.join(' ');
      out.push({ line: pending.line, keyword: (text.split(/\s+/)[0] ?? '').toUpperCase(), text });
      pending = undefined;
    }
  });
  return out;
}

const references = (text: string, arg: string): boolean =>
  new RegExp(`\\$(\\{${arg}(:[-+][^}]*)?\\}|${arg}(?![A-Za-z0-9_]))`).test(text);

/** The first ENV or LABEL taking a value from one of `args` with no RUN after it in its stage. */
export function buildArgCacheHazard(
  containerfile: string,
  args: readonly string[],
): BuildArgCacheHazard | undefined {
  let pending: BuildArgCacheHazard | undefined;
  // A RUN after an ARG is rebuilt when the argument changes, so every later layer is too.
  let declared = false;
  let rebuilt = false;
  for (const step of instructions(containerfile)) {
    if (step.keyword === 'FROM') {
      if (pending !== undefined) return pending;
      declared = rebuilt = false;
    }
    if (
      step.keyword === 'ARG' &&
      args.some((name) => new RegExp(`^ARG\\s+${name}(=|\\s|$)`).test(step.text))
    ) {
      declared = true;
    }
    if (step.keyword === 'RUN') {
      pending = undefined;
      rebuilt ||= declared;
    }
    if ((step.keyword !== 'ENV' && step.keyword !== 'LABEL') || rebuilt) continue;
    const arg = args.find((name) => references(step.text.slice(step.keyword.length), name));
    if (arg !== undefined && pending === undefined) {
      pending = { line: step.line, instruction: step.text, arg };
    }
  }
  return pending;
}
