import type { ReactNode } from 'react';
import { errorMessage } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { StaffHeader, type StaffSection } from './StaffHeader.tsx';
import type { StaffLoad } from './useStaffLoad.ts';
import '../pages/StaffPage.css';

/** A staff page's frame: loading and failure states, then the header and the page's content. */
export function StaffFrame<T>({
  loaded,
  onRetry,
  failedTitle,
  current,
  children,
}: {
  loaded: StaffLoad<T>;
  onRetry: () => void;
  failedTitle: string;
  current: StaffSection | null;
  children: (ready: Extract<StaffLoad<T>, { phase: 'ready' }>) => ReactNode;
}) {
  if (loaded.phase === 'loading') return <p className="page-loading">Loading…</p>;
  if (loaded.phase === 'failed') {
    return (
      <main className="centered-page">
        <ErrorPanel title={failedTitle} message={errorMessage(loaded.error)} onRetry={onRetry} />
      </main>
    );
  }
  return (
    <div className="staff-page">
      <StaffHeader user={loaded.user} current={current} />
      <main className="staff-main">{children(loaded)}</main>
    </div>
  );
}
