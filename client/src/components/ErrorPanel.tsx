import type { ReactNode } from 'react';

interface ErrorPanelProps {
  title: string;
  message: string;
  onRetry?: () => void;
  testId?: string;
  children?: ReactNode;
}

/** A failure a person can act on: what went wrong, and a retry button when retrying can help. */
export function ErrorPanel({ title, message, onRetry, testId, children }: ErrorPanelProps) {
  return (
    <section className="panel error-panel" role="alert" data-testid={testId}>
      <h1 className="error-panel-title">{title}</h1>
      <p>{message}</p>
      {children}
      {onRetry && (
        <button type="button" className="button button-primary" onClick={onRetry}>
          Try again
        </button>
      )}
    </section>
  );
}
