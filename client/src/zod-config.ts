/**
 * zod would probe whether `Function('')` may run, to compile faster object parsers; the page's
 * Content-Security-Policy forbids eval, so the probe only produces a violation report. Turned off
 * here, in a module main.tsx imports first, before any schema is built.
 */
import { z } from 'zod';

z.config({ jitless: true });
