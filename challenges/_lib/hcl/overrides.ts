import type { Diagnostic } from '../grader-kit/diagnostic.ts';
import { asList, asRecord } from './config.ts';
import type { ParsedFile } from './workspace.ts';

type Body = Record<string, unknown>;

/** `override.tf`, `x_override.tf` and their `.tf.json` forms: Terraform merges them in last. */
export function isOverrideFile(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.json$/, '');
  return base === 'override.tf' || base.endsWith('_override.tf');
}

/**
 * Merges each folder's override files into its other files as Terraform does: every block of an
 * override file replaces, argument by argument, the block of the same kind and name (a nested block
 * type it sets replaces all of that type; `lifecycle` merges argument by argument; a backend or cloud
 * block replaces the other). Override files are applied in lexical order and then dropped. A block
 * with nothing to override is an error in Terraform, so it is a diagnostic here.
 */
export function applyOverrides(files: readonly ParsedFile[]): {
  files: ParsedFile[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const primaries = files
    .filter((f) => !(f.kind === 'tf' && isOverrideFile(f.path)))
    .map((f) => ({ ...f, json: structuredClone(f.json) as Body }));
  const overrides = files.filter((f) => f.kind === 'tf' && isOverrideFile(f.path));
  for (const override of overrides) {
    const siblings = primaries.filter((f) => f.kind === 'tf' && f.dir === override.dir);
    const json = siblings.map((f) => f.json as Body);
    const missing = (what: string) =>
      diagnostics.push({
        file: override.path,
        line: 0,
        message: `overrides ${what}, which no other file of the module declares (Terraform refuses to plan)`,
      });
    for (const [section, value] of Object.entries(override.json)) {
      switch (section) {
        case 'resource':
        case 'data':
          for (const [type, byName] of Object.entries(asRecord(value))) {
            for (const [name, bodies] of Object.entries(asRecord(byName))) {
              const target = json.find((j) => asRecord(asRecord(j[section])[type])[name] !== undefined);
              const base = target && asRecord(asList(asRecord(asRecord(target[section])[type])[name])[0]);
              if (!base) missing(`${section === 'data' ? 'data.' : ''}${type}.${name}`);
              else mergeBody(base as Body, asRecord(asList(bodies)[0]));
            }
          }
          break;
        case 'module':
        case 'variable':
        case 'output':
          for (const [name, bodies] of Object.entries(asRecord(value))) {
            const target = json.find((j) => asRecord(j[section])[name] !== undefined);
            const base = target && asRecord(asList(asRecord(target[section])[name])[0]);
            if (!base) missing(`${section}.${name}`);
            else mergeBody(base as Body, asRecord(asList(bodies)[0]));
          }
          break;
        case 'provider':
          for (const [name, bodies] of Object.entries(asRecord(value))) {
            for (const body of asList(bodies)) {
              const alias = asRecord(body).alias;
              const base = json
                .flatMap((j) => asList(asRecord(j.provider)[name]))
                .find((b) => asRecord(b).alias === alias);
              if (!base) missing(`provider ${name}${alias ? ` (${String(alias)})` : ''}`);
              else mergeBody(base as Body, asRecord(body));
            }
          }
          break;
        case 'locals':
          for (const block of asList(value)) {
            for (const [name, raw] of Object.entries(asRecord(block))) {
              const base = json
                .flatMap((j) => asList(j.locals))
                .find((b) => Object.hasOwn(asRecord(b), name));
              if (!base) missing(`local.${name}`);
              else (base as Body)[name] = raw;
            }
          }
          break;
        case 'terraform':
          for (const block of asList(value)) mergeTerraform(json, asRecord(block));
          break;
        default:
          break;
      }
    }
  }
  return { files: primaries, diagnostics };
}

function mergeBody(base: Body, override: Readonly<Body>): void {
  for (const [key, value] of Object.entries(override)) {
    if (key === 'dynamic') {
      const dynamic = { ...asRecord(base.dynamic) };
      for (const [type, blocks] of Object.entries(asRecord(value))) {
        delete base[type];
        dynamic[type] = blocks;
      }
      base.dynamic = dynamic;
    } else if (key === 'lifecycle') {
      const merged = { ...asRecord(asList(base.lifecycle)[0]), ...asRecord(asList(value)[0]) };
      base.lifecycle = [merged];
    } else {
      base[key] = value;
      // A nested block type set in the override replaces the dynamic blocks of that type too.
      if (base.dynamic !== undefined && Object.hasOwn(asRecord(base.dynamic), key)) {
        const { [key]: _dropped, ...rest } = asRecord(base.dynamic);
        base.dynamic = rest;
      }
    }
  }
}

function mergeTerraform(json: readonly Body[], override: Readonly<Body>): void {
  const blocks = json.flatMap((j) => asList(j.terraform)) as Body[];
  let first = blocks[0];
  if (!first) {
    const [file] = json;
    if (!file) return;
    first = {};
    file.terraform = [first];
  }
  for (const [key, value] of Object.entries(override)) {
    if (key === 'backend' || key === 'cloud') {
      for (const block of blocks) {
        delete block.backend;
        delete block.cloud;
      }
      first[key] = value;
    } else if (key === 'required_providers') {
      const merged = Object.assign({}, ...blocks.flatMap((b) => asList(b.required_providers)).map(asRecord));
      first.required_providers = [{ ...merged, ...asRecord(asList(value)[0]) }];
      for (const block of blocks) if (block !== first) delete block.required_providers;
    } else first[key] = value;
  }
}
