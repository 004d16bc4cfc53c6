import type { ReactNode } from 'react';

/** What a page or panel shows when there is nothing yet: what it is, and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-title">{title}</div>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

/** An error shown above the last good result (which stays visible). */
export function ErrorAlert({ children, title = 'Error' }: { children: ReactNode; title?: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}</strong>
      <span className="alert-body">{children}</span>
    </div>
  );
}

export function WarningAlert({ children, title = 'Warning' }: { children: ReactNode; title?: string }) {
  return (
    <div className="alert alert-warning" role="status">
      <strong>{title}</strong>
      <span className="alert-body">{children}</span>
    </div>
  );
}

/** A thin indeterminate bar while something loads; the content below stays. */
export function LoadingBar({ active }: { active: boolean }) {
  return <div className={active ? 'loading-bar active' : 'loading-bar'} aria-hidden={!active} data-testid={active ? 'loading' : undefined} />;
}

export function Badge({ children, tone = 'gray', title }: { children: ReactNode; tone?: 'gray' | 'green' | 'red' | 'yellow' | 'blue' | 'orange'; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
