import { errorMessage, getCatalogue } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { Link } from '../router.tsx';
import { CatalogueEntry } from '../staff/CatalogueEntry.tsx';
import { StaffHeader } from '../staff/StaffHeader.tsx';
import { useCheckStatistics } from '../staff/useCheckStatistics.ts';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './StaffPage.css';

/** The challenge catalogue: what each challenge measures, its level, time limit and brief. */
export function CataloguePage() {
  const { state: loaded, reload: load } = useStaffLoad(getCatalogue);
  const statistics = useCheckStatistics(loaded.phase === 'ready' && loaded.user.role === 'manager');

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
  const titles = new Map(loaded.data.dimensions.map((d) => [d.id, d.title]));
  return (
    <div className="staff-page">
      <StaffHeader user={loaded.user} current="catalogue" />
      <main className="staff-main">
        <h1 className="catalogue-title">Challenge catalogue</h1>
        {loaded.user.role === 'manager' && (
          <p>
            <Link href="/staff/assessments">Compose an assessment</Link> from these challenges.
          </p>
        )}
        <ul className="catalogue-list">
          {loaded.data.challenges.map((challenge) => (
            <CatalogueEntry
              key={challenge.slug}
              challenge={challenge}
              dimensionTitles={titles}
              statistics={statistics.get(challenge.slug)}
            />
          ))}
        </ul>
      </main>
    </div>
  );
}
