import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The trigger's content; the trigger is a button. */
  trigger: ReactNode;
  triggerClass?: string;
  triggerLabel?: string;
  triggerTitle?: string;
  align?: 'left' | 'right';
  /** Controlled open state (optional). */
  open?: boolean;
  onOpenChange?(open: boolean): void;
  children: ReactNode | ((close: () => void) => ReactNode);
  testId?: string;
}

/** A button with a dropdown panel that closes on outside click and Escape. */
export function Popover({ trigger, triggerClass = 'btn btn-default', triggerLabel, triggerTitle, align = 'left', open: openProp, onOpenChange, children, testId }: Props) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const setOpen = (v: boolean) => {
    setOpenState(v);
    onOpenChange?.(v);
  };
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  });
  const close = () => setOpen(false);
  return (
    <div className="popover-root" ref={root}>
      <button type="button" className={triggerClass} aria-label={triggerLabel} title={triggerTitle} aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)}>
        {trigger}
      </button>
      {open && (
        <div className={`popover popover-${align}`} role="dialog" data-testid={testId}>
          {typeof children === 'function' ? children(close) : children}
        </div>
      )}
    </div>
  );
}
