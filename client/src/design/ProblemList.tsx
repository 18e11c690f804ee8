interface ProblemListProps {
  problems: readonly { path: readonly (string | number)[]; message: string }[];
  onShowText?: (() => void) | undefined;
}

/** `components[2].zones[0]`: where in the file a problem is, as the candidate would look for it. */
export function jsonPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p),
    '',
  );
}

/** Why the diagram cannot show the file: the schema's problems, each with where it is. */
export function ProblemList({ problems, onShowText }: ProblemListProps) {
  return (
    <div className="design-problems" role="alert" data-testid="design-problems">
      <h2>architecture.json does not match the design schema</h2>
      <p>The diagram comes back as soon as the file parses. Fix these in the text view:</p>
      <ul>
        {problems.map((problem) => (
          <li key={`${jsonPath(problem.path)} ${problem.message}`}>
            {problem.path.length > 0 && <code>{jsonPath(problem.path)}</code>} {problem.message}
          </li>
        ))}
      </ul>
      {onShowText && (
        <button type="button" className="button" onClick={onShowText} data-testid="design-show-text">
          Edit as text
        </button>
      )}
    </div>
  );
}
