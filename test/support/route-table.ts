import type { Express } from 'express';

/** A route the app registers, as `METHOD /full/path/:param`. */
export type RouteKey = `${Uppercase<string>} /${string}`;

// Express 5 (router 2) keeps no public route list: each layer holds its registered path in
// `rawPath`, a route layer its methods in `route.methods`, a mounted router its own `stack`.
interface RouteLike {
  path: unknown;
  methods: Record<string, boolean>;
}
interface LayerLike {
  rawPath?: unknown;
  route?: RouteLike;
  handle?: { stack?: LayerLike[] };
}

const pathText = (path: unknown): string[] => {
  if (Array.isArray(path)) return path.flatMap(pathText);
  if (typeof path === 'string') return [path];
  return [String(path)];
};

const join = (prefix: string, path: string): string => {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
};

function walk(stack: LayerLike[], prefix: string, into: Set<RouteKey>): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of pathText(layer.route.path)) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') into.add(`${method.toUpperCase()} ${join(prefix, path)}` as RouteKey);
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const path of pathText(layer.rawPath ?? '/')) walk(layer.handle.stack, join(prefix, path), into);
    }
  }
}

/**
 * Every route the app registers, nested routers included, sorted: `GET /api/staff/attempts/:id`.
 * Middleware (no route) is left out; a router mounted under a path contributes its routes there.
 */
export function registeredRoutes(app: Express): RouteKey[] {
  const into = new Set<RouteKey>();
  walk((app.router as unknown as { stack: LayerLike[] }).stack, '', into);
  return [...into].sort();
}
