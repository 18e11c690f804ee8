import './VariantLabel.css';

/**
 * Which seeded variant of a challenge the candidate had (#17), for staff: "variant 7 · service
 * orders-api". Nothing for a challenge without parameters.
 */
export function VariantLabel({ label }: { label: string | null | undefined }) {
  if (!label) return null;
  return (
    <span className="variant-label" data-testid="variant-label">
      {label}
    </span>
  );
}
