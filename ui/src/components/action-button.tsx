import { useState, type ReactElement, type ReactNode } from 'react';
import type { Accepted } from '../api/types';
import { ConfirmDialog } from './confirm-dialog';

// A button for a mutating action: it asks first, shows the work in progress, and reports the
// outcome (the API's message on failure) next to itself.

export function ActionButton(props: {
  readonly label: string;
  readonly title: string;
  readonly confirmLabel?: string;
  readonly children?: ReactNode;
  readonly danger?: boolean;
  readonly primary?: boolean;
  readonly disabled?: boolean;
  readonly run: () => Promise<Accepted>;
  readonly onDone?: (answer: Accepted) => void;
}): ReactElement {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  const confirm = (): void => {
    setBusy(true);
    props
      .run()
      .then((answer) => {
        setOutcome({ ok: true, text: answer?.message ?? `${props.label}: requested` });
        props.onDone?.(answer);
      })
      .catch((e: unknown) =>
        setOutcome({ ok: false, text: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => {
        setBusy(false);
        setOpen(false);
      });
  };

  const className = props.danger ? 'danger' : props.primary ? 'primary' : undefined;
  return (
    <span className="action">
      <button
        type="button"
        className={className}
        disabled={props.disabled === true || busy}
        onClick={() => {
          setOutcome(undefined);
          setOpen(true);
        }}
      >
        {props.label}
      </button>
      {outcome ? (
        <span className={outcome.ok ? 'outcome ok' : 'outcome failed'} role="status">
          {outcome.text}
        </span>
      ) : null}
      <ConfirmDialog
        open={open}
        title={props.title}
        confirmLabel={props.confirmLabel ?? props.label}
        danger={props.danger === true}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        {props.children}
      </ConfirmDialog>
    </span>
  );
}
