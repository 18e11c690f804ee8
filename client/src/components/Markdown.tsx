import { marked } from 'marked';
import { useMemo } from 'react';
import './Markdown.css';

/**
 * Renders a challenge brief. Briefs are written by challenge authors and reviewed with the
 * challenge package, so they are trusted; candidate or staff input must never reach this.
 */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => marked.parse(source, { async: false, gfm: true }), [source]);
  return (
    <div
      className={className ? `markdown ${className}` : 'markdown'}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: briefs are trusted author content (see above).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
