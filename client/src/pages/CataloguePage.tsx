import { useCallback, useEffect, useState } from 'react';
import type { Catalogue, StaffUser } from '../../../server/contract/api.ts';
import { ApiError, errorMessage, getCatalogue, getMe } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { navigate } from '../router.tsx';
import { CatalogueEntry } from '../staff/CatalogueEntry.tsx';
import { StaffHeader } from '../staff/StaffHeader.tsx';
import './StaffPage.css';

type Loaded =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'ready'; user: StaffUser; catalogue: Catalogue };

/** The challenge catalogue: what each challenge measures, its level, time limit and brief. */
export function CataloguePage() {
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });

  const load = useCallback(async () => {
    setLoaded({ phase: 'loading' });
    try {
      const [user, catalogue] = await Promise.all([getMe(), getCatalogue()]);
      setLoaded({ phase: 'ready', user, catalogue });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) navigate('/', { replace: true });
      else setLoaded({ phase: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (loaded.phase === 'loading') return <p className="page-loading">Loading…</p>;
  if (loaded.phase === 'failed') {
    return (
      <main className="centered-page">
        <ErrorPanel
          title="Could not load the catalogue"
          message={errorMessage(loaded.error)}
          onRetry={load}
        />
      </main>
    );
  }
  const titles = new Map(loaded.catalogue.dimensions.map((d) => [d.id, d.title]));
  return (
    <div className="staff-page">
      <StaffHeader user={loaded.user} current="catalogue" />
      <main className="staff-main">
        <h1 className="catalogue-title">Challenge catalogue</h1>
        <ul className="catalogue-list">
          {loaded.catalogue.challenges.map((challenge) => (
            <CatalogueEntry key={challenge.slug} challenge={challenge} dimensionTitles={titles} />
          ))}
        </ul>
      </main>
    </div>
  );
}
