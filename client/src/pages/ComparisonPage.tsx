import { lazy, Suspense, useState } from 'react';
import { INVITATION_STATUSES, LEVEL_IDS } from '../../../server/contract/staff.ts';
import { comparisonCsvUrl, getComparison } from '../api.ts';
import { ComparisonTable } from '../comparison/ComparisonTable.tsx';
import { PanelCalibration } from '../comparison/PanelCalibration.tsx';
import { type Filter, type Sort, type SortKey, visibleRows } from '../comparison/rows.ts';
import { Link } from '../router.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffData } from '../staff/useStaffData.ts';
import './ComparisonPage.css';

const ComparisonRadars = lazy(() => import('../comparison/ComparisonRadars.tsx'));

/** The hiring manager's comparison of an assessment's candidates: table, radars, CSV. */
export function ComparisonPage({ assessmentId }: { assessmentId: string }) {
  const { state, reload } = useStaffData(assessmentId, getComparison);
  const [sort, setSort] = useState<Sort>({ key: 'level', descending: true });
  const [filter, setFilter] = useState<Filter>({ text: '', status: 'all', minLevel: 'any' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const onSort = (key: SortKey) =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'candidate' }));
  const onToggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not load the comparison"
      current="assessments"
    >
      {({ data }) => {
        const rows = visibleRows(data, sort, filter);
        return (
          <div className="comparison-page">
            <div className="assessment-head">
              <h1>Compare: {data.assessment.title}</h1>
              <span className="comparison-actions">
                <Link href={`/staff/assessments/${assessmentId}`}>Invitations</Link>
                <a className="button" href={comparisonCsvUrl(assessmentId)} download data-testid="export-csv">
                  Export CSV
                </a>
              </span>
            </div>
            <search className="comparison-filters">
              <label>
                Find{' '}
                <input
                  className="input"
                  type="search"
                  value={filter.text}
                  placeholder="name or email"
                  onChange={(e) => setFilter({ ...filter, text: e.target.value })}
                  data-testid="comparison-filter"
                />
              </label>
              <label>
                Status{' '}
                <select
                  className="select"
                  value={filter.status}
                  onChange={(e) => setFilter({ ...filter, status: e.target.value as Filter['status'] })}
                  data-testid="comparison-status"
                >
                  <option value="all">all</option>
                  {INVITATION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Level at least{' '}
                <select
                  className="select"
                  value={filter.minLevel}
                  onChange={(e) => setFilter({ ...filter, minLevel: e.target.value as Filter['minLevel'] })}
                  data-testid="comparison-level"
                >
                  <option value="any">any</option>
                  {LEVEL_IDS.map((l) => (
                    <option key={l} value={l}>
                      {l}
                    </option>
                  ))}
                </select>
              </label>
              <span className="comparison-count">
                {rows.length} of {data.candidates.length} candidates
              </span>
            </search>
            <ComparisonTable
              comparison={data}
              rows={rows}
              sort={sort}
              onSort={onSort}
              selected={selected}
              onToggle={onToggle}
            />
            <Suspense fallback={<p className="page-loading">Loading charts…</p>}>
              <ComparisonRadars comparison={data} rows={rows} selected={selected} />
            </Suspense>
            <PanelCalibration reviewers={data.reviewers} />
          </div>
        );
      }}
    </StaffFrame>
  );
}
