/**
 * A tiny history-based router: the current pathname as external state, `navigate` to change it,
 * and patterns like `/invite/:token` matched segment by segment.
 */
import { type AnchorHTMLAttributes, type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentPathname = (): string => window.location.pathname;

/** The current pathname; re-renders on `navigate` and on the browser's back and forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPathname);
}

/** Goes to `to` without a page load; `replace` keeps the current entry out of the history. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

export type RouteParams = Readonly<Record<string, string>>;

/** Matches `/invite/:token` against `/invite/abc` as `{ token: 'abc' }`, or null. */
export function matchPath(pattern: string, pathname: string): RouteParams | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = have[index] ?? '';
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}

export interface Route {
  pattern: string;
  render: (params: RouteParams) => ReactNode;
}

/** Renders the first route whose pattern matches the current pathname, else `fallback`. */
export function Router({ routes, fallback }: { routes: readonly Route[]; fallback: ReactNode }) {
  const pathname = usePathname();
  for (const route of routes) {
    const params = matchPath(route.pattern, pathname);
    if (params) return route.render(params);
  }
  return fallback;
}

/** An anchor that navigates in-app on a plain left click and behaves normally otherwise. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}
