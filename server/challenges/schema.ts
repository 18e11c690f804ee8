import { z } from 'zod';
import {
  MAX_DIAGNOSTICS,
  MAX_EVIDENCE,
  MAX_EVIDENCE_ITEM,
  MAX_MESSAGE,
} from '../../challenges/_lib/grader-kit/clip.ts';
import { parameterSchema } from './parameter-schema.ts';

/** The five rubric dimensions; `challenges/rubric.yaml` must describe exactly these. */
export const DIMENSIONS = ['architecture', 'iac', 'cicd', 'security', 'operations'] as const;
export const dimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof dimensionSchema>;

export const LEVELS = ['junior', 'mid', 'senior', 'staff'] as const;

/**
 * How the candidate works: `files` (an editor), `live` (a running system and a terminal), `design`
 * (a typed architecture diagram, architecture.json, drawn on a canvas or edited as text). Files and
 * design work is graded from the saved files in the sandbox; live work against the environment.
 */
export const MODES = ['files', 'live', 'design'] as const;
export type Mode = (typeof MODES)[number];
/** Whether a challenge of this mode is graded from its saved files by a sandboxed grader. */
export const gradedFromFiles = (mode: Mode): boolean => mode !== 'live';

const requirementId = z.string().regex(/^R[1-9][0-9]*$/, 'must look like R1, R2, ...');
const checkId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be lowercase letters, digits and dashes');

export const rubricSchema = z.strictObject({
  dimensions: z
    .array(
      z.strictObject({
        id: dimensionSchema,
        title: z.string().min(1),
        description: z.string().min(1),
        levels: z.strictObject({
          1: z.string().min(1),
          2: z.string().min(1),
          3: z.string().min(1),
          4: z.string().min(1),
        }),
      }),
    )
    .refine((dims) => DIMENSIONS.every((id) => dims.some((d) => d.id === id)), {
      message: `must describe every dimension: ${DIMENSIONS.join(', ')}`,
    }),
});
export type Rubric = z.infer<typeof rubricSchema>;

const numericUser = z
  .string()
  .regex(/^[1-9][0-9]{0,9}:[1-9][0-9]{0,9}$/, 'must be a numeric uid:gid other than root (e.g. "105:105")');
const userName = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'must be a user name of the image');
const absolutePath = z
  .string()
  .regex(/^\/[A-Za-z0-9_./-]*$/, 'must be an absolute path')
  .refine((p) => !p.split('/').includes('..'), "must not contain '..'");

/** A live challenge's environment: started from `sandbox.image` with `sandbox.command`. */
export const liveSchema = z.strictObject({
  /** The environment's own processes run as this numeric user (never root). */
  user: numericUser,
  /** The candidate's terminal: a shell exec'd in the environment. */
  shell: z.strictObject({
    user: userName,
    command: z.array(z.string().min(1)).min(1),
    workingDir: absolutePath,
  }),
  /** The check script in grader/, fed to `bash -s` as this user; it prints the verdict line. */
  checks: z.strictObject({ user: userName, script: z.string().regex(/^[a-zA-Z0-9_.-]+\.sh$/) }),
  /**
   * Services started right after the environment, each as its own user (nginx, an API, a
   * database each under a service user, as on a real server); the candidate reaches them only
   * through what the environment offers (a control socket, SQL), never by signal or ptrace.
   */
  services: z
    .array(
      z.strictObject({
        user: userName.refine((name) => name !== 'root', 'a service never runs as root'),
        command: z.array(z.string().min(1)).min(1),
      }),
    )
    .max(8)
    .default([]),
  readyTimeoutSeconds: z.number().int().min(1).max(120).default(30),
  /** Files of the environment the page offers to open in the editor (any other can be typed in). */
  files: z.array(absolutePath).max(20).default([]),
  /** Writable folders (tmpfs); everything else is read-only. */
  mounts: z
    .array(
      z.strictObject({
        path: absolutePath,
        owner: numericUser,
        mode: z.string().regex(/^0[0-7]{3}$/, 'must be an octal mode like 0755'),
        sizeMb: z.number().int().min(1).max(1024),
      }),
    )
    .max(8),
  /**
   * What an interviewer may trigger mid-interview to make the incident worse (a second runaway, a
   * traffic surge): each a script in grader/, run in the environment as a service's own user
   * (`user`, one of `services`; by default the environment's own user), never the candidate's.
   * The candidate never receives these; the checks judge the system as it is after them.
   */
  complications: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be lowercase letters, digits and dashes'),
        title: z.string().min(1).max(120),
        /** What it does, for the interviewer. */
        description: z.string().min(1).max(500),
        /** A .sh file relative to the challenge's grader/ folder (e.g. complications/second-runaway.sh). */
        script: z
          .string()
          .regex(/^[a-zA-Z0-9_-][a-zA-Z0-9_./-]*\.sh$/, 'must be the path of a .sh file in grader/')
          .refine((p) => !p.split('/').includes('..') && !p.includes('//'), "must not contain '..'"),
        /** A service's user name (one of `services`) to run as; by default the environment's `user`. */
        user: userName.optional(),
      }),
    )
    .max(8)
    .default([]),
});
export type LiveSpec = z.infer<typeof liveSchema>;
export type Complication = LiveSpec['complications'][number];

/** `challenge.yaml`: everything the platform needs to know about a challenge package. */
export const challengeManifestSchema = z
  .strictObject({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
    title: z.string().min(1).max(120),
    summary: z.string().min(1).max(400),
    mode: z.enum(MODES),
    /**
     * The untimed practice a candidate may try before starting the clock: never in the catalogue
     * (no assessment can hold it) and never counted (its runs live in practice_runs). Live only.
     */
    practice: z.boolean().default(false),
    level: z.enum(LEVELS),
    timeLimitMinutes: z.number().int().min(5).max(480),
    dimensions: z.array(dimensionSchema).min(1),
    sandbox: z.strictObject({
      /** Name of an image under sandbox/images/ (built locally as gauntlet/<name>). */
      image: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
      command: z.array(z.string().min(1)).min(1),
      timeoutSeconds: z.number().int().min(1).max(600).default(30),
      memoryMb: z.number().int().min(32).max(4096).default(512),
      /**
       * Lets the platform keep this grader pre-warmed: the harness in the image imports `module`
       * (relative to grader/) and calls `export(dir)`, which returns the grader output object.
       */
      warm: z
        .strictObject({
          module: z.string().regex(/^[a-zA-Z0-9_./-]+\.(ts|mjs|js)$/),
          export: z
            .string()
            .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/)
            .default('gradeWorkspace'),
          /**
           * Whether the harness grades the public starter once while it waits, so a candidate's
           * run finds the grader's code compiled. It costs the starter's grading, in CPU, on every
           * pre-warmed container: turn it off where that costs more than it saves (a starter that
           * is far slower to grade than a submission).
           */
          warmUp: z.boolean().default(true),
        })
        .optional(),
      /** Shared grader code from challenges/_lib/<name>/, placed at /_lib/<name>/ in the sandbox. */
      libraries: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
    }),
    /** For `mode: live`: how the environment runs, the candidate's shell, and the checks. */
    live: liveSchema.optional(),
    requirements: z.array(z.strictObject({ id: requirementId, text: z.string().min(1) })).min(1),
    /** What differs between invitations' variants (parameters.ts); none: every candidate gets the files as they are. */
    parameters: z.array(parameterSchema).max(8).default([]),
    checks: z
      .array(
        z.strictObject({
          id: checkId,
          title: z.string().min(1).max(200),
          dimension: dimensionSchema,
          weight: z.number().positive().max(10).default(1),
          visible: z.boolean(),
          covers: z.array(requirementId),
        }),
      )
      .min(1),
  })
  .superRefine((manifest, ctx) => {
    const requirementIds = new Set(manifest.requirements.map((r) => r.id));
    const seenChecks = new Set<string>();
    manifest.checks.forEach((check, index) => {
      if (seenChecks.has(check.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['checks', index, 'id'],
          message: `duplicate check id ${check.id}`,
        });
      }
      seenChecks.add(check.id);
      if (check.covers.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['checks', index, 'covers'],
          message: `check ${check.id} covers no requirement`,
        });
      }
      check.covers.forEach((req, j) => {
        if (!requirementIds.has(req)) {
          ctx.addIssue({
            code: 'custom',
            path: ['checks', index, 'covers', j],
            message: `check ${check.id} covers ${req}, which is not a listed requirement`,
          });
        }
      });
      if (!manifest.dimensions.includes(check.dimension)) {
        ctx.addIssue({
          code: 'custom',
          path: ['checks', index, 'dimension'],
          message: `check ${check.id} scores ${check.dimension}, which is not in the challenge's dimensions`,
        });
      }
    });
    const seenComplications = new Set<string>();
    manifest.live?.complications.forEach((complication, index) => {
      if (seenComplications.has(complication.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['live', 'complications', index, 'id'],
          message: `duplicate complication id ${complication.id}`,
        });
      }
      seenComplications.add(complication.id);
      const services = manifest.live?.services.map((s) => s.user) ?? [];
      if (complication.user !== undefined && complication.user === manifest.live?.shell.user) {
        ctx.addIssue({
          code: 'custom',
          path: ['live', 'complications', index, 'user'],
          message: `complication ${complication.id} would run as the candidate's own user ${complication.user}`,
        });
      } else if (complication.user !== undefined && !services.includes(complication.user)) {
        ctx.addIssue({
          code: 'custom',
          path: ['live', 'complications', index, 'user'],
          message: `complication ${complication.id} runs as ${complication.user}, which is not one of live.services' users (a complication runs as a service's own user, never the candidate's)`,
        });
      }
    });
    if (manifest.practice && manifest.mode !== 'live') {
      ctx.addIssue({ code: 'custom', path: ['practice'], message: 'is only for mode: live' });
    }
    if ((manifest.mode === 'live') !== (manifest.live !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['live'],
        message: manifest.mode === 'live' ? 'is required for mode: live' : 'is only for mode: live',
      });
    }
    const seenParameters = new Set<string>();
    manifest.parameters.forEach((parameter, index) => {
      if (seenParameters.has(parameter.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', index, 'name'],
          message: `duplicate parameter ${parameter.name}`,
        });
      }
      seenParameters.add(parameter.name);
    });
    manifest.parameters.forEach((parameter, index) => {
      // A files challenge's candidate is told everything the grader expects of them.
      if (parameter.hidden && manifest.mode !== 'live') {
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', index, 'hidden'],
          message: 'is only for mode: live (what a files challenge grades, its brief must state)',
        });
      }
    });
    const seenRequirements = new Set<string>();
    manifest.requirements.forEach((req, index) => {
      if (seenRequirements.has(req.id)) {
        ctx.addIssue({ code: 'custom', path: ['requirements', index, 'id'], message: `duplicate ${req.id}` });
      }
      seenRequirements.add(req.id);
      if (!manifest.checks.some((c) => c.covers.includes(req.id))) {
        ctx.addIssue({
          code: 'custom',
          path: ['requirements', index, 'id'],
          message: `requirement ${req.id} is covered by no check`,
        });
      }
    });
  });
export type ChallengeManifest = z.infer<typeof challengeManifestSchema>;
export type CheckDefinition = ChallengeManifest['checks'][number];

/**
 * What a grader prints (one JSON document, on a stdout line that starts with the marker the
 * runner passes in GAUNTLET_VERDICT_MARKER). Anything else is a grader error.
 */
export const graderOutputSchema = z.strictObject({
  checks: z.array(
    z.strictObject({
      id: z.string(),
      passed: z.boolean(),
      score: z.number().min(0).max(1),
      message: z.string().max(MAX_MESSAGE),
      evidence: z.array(z.string().max(MAX_EVIDENCE_ITEM)).max(MAX_EVIDENCE).optional(),
    }),
  ),
  /** Problems in the candidate's files (syntax errors), shown with file and line. */
  diagnostics: z
    .array(
      z.strictObject({
        file: z.string(),
        line: z.number().int().min(0),
        column: z.number().int().min(0).optional(),
        message: z.string().max(MAX_MESSAGE),
      }),
    )
    .max(MAX_DIAGNOSTICS)
    .optional(),
});
export type GraderOutput = z.infer<typeof graderOutputSchema>;
