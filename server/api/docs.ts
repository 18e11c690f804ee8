import { createRequire } from 'node:module';
import path from 'node:path';
import { Router } from 'express';
import { notFound } from '../errors.ts';
import { openApiDocument } from './openapi.ts';

const SWAGGER_UI = path.dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/swagger-ui-bundle.js'),
);
/** The only files of swagger-ui the page loads (the bundle draws the page without its preset). */
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css'],
  ['swagger-ui-bundle.js', 'text/javascript'],
]);
const INIT = path.join(import.meta.dirname, 'docs-init.js');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Gauntlet REST API</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
  </head>
  <body>
    <div id="reference"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

/**
 * The REST API's description (mounted at /api): the OpenAPI document as JSON at /v1/openapi.json
 * and a reference page at /docs, drawn by swagger-ui from the installed package (no CDN) and
 * started by a served script, since the CSP refuses inline ones. Public: it describes, it holds
 * no data.
 */
export function apiDocsRoutes(): Router {
  const router = Router();
  // Built when the app is, so a contract the generator cannot describe stops the start, not a request.
  const document = openApiDocument();
  router.get('/v1/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').sendFile(INIT);
  });
  router.get('/docs/assets/:file', (req, res, next) => {
    const type = ASSETS.get(req.params.file);
    if (!type) return next(notFound(`The asset ${req.params.file}`));
    res
      .type(type)
      .set('Cache-Control', 'public, max-age=86400')
      .sendFile(path.join(SWAGGER_UI, req.params.file));
  });
  return router;
}
