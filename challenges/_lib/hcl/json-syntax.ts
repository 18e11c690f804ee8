import { asList, asRecord } from './config.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * Terraform's JSON syntax (`*.tf.json`) turned into the shape hcl2json gives a `.tf` file, so that one
 * reader serves both. The rules are Terraform's: a block is an object or an array of objects, a
 * labelled block nests one object per label, string values are templates (`"${var.x}"`), a `"//"`
 * property of a block body is a comment, and a variable's `type` is a type expression, not a template.
 */
export function fromTerraformJson(json: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === '//') continue;
    switch (key) {
      case 'resource':
      case 'data':
        out[key] = mapValues(value, (byName) => mapValues(byName, (body) => firstBody(body)));
        break;
      case 'module':
      case 'output':
        out[key] = mapValues(value, (body) => firstBody(body));
        break;
      case 'variable':
        out[key] = mapValues(value, (body) => firstBody(body).map(variableBody));
        break;
      case 'provider':
        out[key] = mapValues(value, (bodies) => bodiesOf(bodies).map(blockBody));
        break;
      case 'terraform':
        out[key] = bodiesOf(value).map(terraformBody);
        break;
      default:
        // locals, moved, import, removed, check: unlabelled blocks.
        out[key] = bodiesOf(value).map(blockBody);
    }
  }
  return out;
}

/**
 * A `.tfvars.json` file: its values are literal data, never templates, so `${` is escaped the way
 * hcl2json would write a literal `${` in a `.tfvars` file.
 */
export function fromTfvarsJson(json: Json): Record<string, unknown> {
  const literal = (value: unknown): unknown => {
    // A function, because `$$` in a replacement string means one `$`.
    if (typeof value === 'string') return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
    if (Array.isArray(value)) return value.map(literal);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)]));
    return value;
  };
  return asRecord(literal(json)) as Record<string, unknown>;
}

function mapValues(value: unknown, map: (item: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(asRecord(value))
      .filter(([key]) => key !== '//')
      .map(([key, item]) => [key, map(item)]),
  );
}

/** A block written as one object or an array of objects, as a list of bodies. */
function bodiesOf(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item) => typeof item === 'object' && item !== null && !Array.isArray(item)) as Record<
    string,
    unknown
  >[];
}

/** Terraform refuses a second definition of the same resource or module; the first stands for it. */
function firstBody(value: unknown): Record<string, unknown>[] {
  return bodiesOf(value).slice(0, 1).map(blockBody);
}

/** A block body: comments dropped, dynamic blocks in hcl2json's list form. */
function blockBody(body: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '//') continue;
    if (key === 'dynamic') {
      out[key] = mapValues(value, (dynamic) =>
        bodiesOf(dynamic).map((d) => {
          const { content, ...rest } = blockBody(d);
          return { ...rest, content: bodiesOf(content).map(blockBody) };
        }),
      );
    } else if (key === 'lifecycle' || key === 'provisioner' || key === 'connection') {
      out[key] = bodiesOf(value).map(blockBody);
    } else out[key] = value;
  }
  return out;
}

function variableBody(body: Record<string, unknown>): Record<string, unknown> {
  const type = body.type;
  if (typeof type !== 'string' || type.startsWith('${')) return body;
  return { ...body, type: `\${${type}}` };
}

function terraformBody(raw: Json): Record<string, unknown> {
  const body = blockBody(raw);
  for (const key of ['backend', 'cloud', 'required_providers'] as const) {
    if (!Object.hasOwn(body, key)) continue;
    body[key] =
      key === 'backend'
        ? mapValues(body[key], (settings) => bodiesOf(settings).slice(0, 1).map(blockBody))
        : asList(Array.isArray(body[key]) ? body[key] : [body[key]]).map((b) => blockBody(asRecord(b)));
  }
  return body;
}
