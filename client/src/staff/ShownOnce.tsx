import type { ReactNode } from 'react';
import './ShownOnce.css';

/**
 * A secret Gauntlet shows only this once (an API token, a signing key): what it is for, then the
 * secret itself to copy. Announced politely, so a screen reader reads it out when it appears.
 */
export function ShownOnce({
  secret,
  testId,
  children,
}: {
  secret: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <section className="notice notice-info shown-once" aria-live="polite" data-testid={testId}>
      <p>{children}</p>
      <code>{secret}</code>
    </section>
  );
}
