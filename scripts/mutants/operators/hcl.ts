/**
 * Mutation operators for Terraform (`.tf` files in HCL). Each one makes the changes a reviewer would
 * reject (a wider range, a dropped resource or argument, a flipped flag, a hard-coded secret, a value
 * moved behind an input or a data source, both subnets in one zone, another port, a missing tag) and
 * edits the text line by line, so a mutant is still a file Terraform loads. Objects are found with a
 * small scanner that knows strings, interpolations, heredocs and comments; ids name the operator, the
 * file, the object and the argument path, and are stable for the same input.
 */
import type { MutationOperator } from '../types.ts';
import {
  type Attribute,
  attributes,
  edit,
  isResourceLike,
  mutant,
  parseNodes,
  setValue,
  type Target,
  targets,
  widerCidr,
} from './hcl-source.ts';

const widenCidr: MutationOperator = {
  name: 'hcl.widen-cidr',
  description: 'widens a literal CIDR range by 8 bits (a /24 becomes a /16, a /16 a /8)',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      const wider = widerCidr(t.node.value);
      if (!wider || t.top.type === 'terraform') return [];
      return [
        mutant('hcl.widen-cidr', t, '', `widens ${t.node.name} to ${wider}`, setValue(files, t, wider)),
      ];
    }),
};

const dropResource: MutationOperator = {
  name: 'hcl.drop-resource',
  description: 'removes a resource block',
  apply: (files) =>
    targets(files)
      .filter((t) => t.node === t.top && t.top.type === 'resource')
      .map((t) => mutant('hcl.drop-resource', t, '', 'removed', edit(files, t, t.top.start, t.top.end, []))),
};

const duplicateResource: MutationOperator = {
  name: 'hcl.duplicate-resource',
  description: 'declares a second copy of a resource under another name',
  apply: (files) =>
    targets(files)
      .filter((t) => t.node === t.top && t.top.type === 'resource')
      .map((t) => {
        const copy = t.lines.slice(t.top.start, t.top.end + 1);
        copy[0] = (copy[0] ?? '').replace(/"([^"]*)"(\s*\{\s*)$/, '"$1_copy"$2');
        return mutant(
          'hcl.duplicate-resource',
          t,
          '',
          'declared twice',
          edit(files, t, t.top.end + 1, t.top.end, ['', ...copy]),
        );
      }),
};

const flipBoolean: MutationOperator = {
  name: 'hcl.flip-boolean',
  description: 'turns a literal true into false and back',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      if (t.node.value !== 'true' && t.node.value !== 'false') return [];
      const flipped = t.node.value === 'true' ? 'false' : 'true';
      return [mutant('hcl.flip-boolean', t, '', `${t.node.name} = ${flipped}`, setValue(files, t, flipped))];
    }),
};

/** Arguments whose absence only changes a name or a description. */
const COSMETIC = new Set(['description', 'name_prefix']);

const dropArgument: MutationOperator = {
  name: 'hcl.drop-argument',
  description: "removes an argument of a resource, data source, module or provider (or a variable's default)",
  apply: (files) =>
    attributes(files).flatMap((t) => {
      const keep = isResourceLike(t) || (t.top.type === 'variable' && t.node.name === 'default');
      if (!keep || COSMETIC.has(t.node.name)) return [];
      return [
        mutant(
          'hcl.drop-argument',
          t,
          '',
          `${t.node.name} removed`,
          edit(files, t, t.node.start, t.node.end, []),
        ),
      ];
    }),
};

const dropBlock: MutationOperator = {
  name: 'hcl.drop-block',
  description: 'removes a nested block (a route, an ingress rule, a tag, default_tags, a backend…)',
  apply: (files) =>
    targets(files)
      .filter((t) => t.node !== t.top && t.node.kind === 'block')
      .map((t) =>
        mutant('hcl.drop-block', t, '', 'block removed', edit(files, t, t.node.start, t.node.end, [])),
      ),
};

const SECRET = '"Orders-Test-2024!"';

const hardCodeSecret: MutationOperator = {
  name: 'hcl.hard-code-secret',
  description:
    "writes a credential into the code: a database's master password (RDS, a Cloud SQL user), a Secret Manager version's data, the provider's access keys",
  apply: (files) =>
    targets(files).flatMap((t) => {
      if (t.node !== t.top) return [];
      const type = t.top.labels[0] ?? '';
      let line: string | undefined;
      if (
        t.top.type === 'resource' &&
        ['aws_db_instance', 'aws_rds_cluster', 'google_sql_user'].includes(type)
      ) {
        line = `  password = ${SECRET}`;
      } else if (t.top.type === 'resource' && type === 'google_secret_manager_secret_version') {
        line = `  secret_data = ${SECRET}`;
      } else if (t.top.type === 'provider' && type === 'aws') {
        line =
          '  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"';
      }
      if (!line) return [];
      const body = t.lines
        .slice(t.top.start + 1, t.top.end)
        .filter((l) => !/^\s*(manage_master_user_password|password|secret_data)\s*=/.test(l));
      const replaced = [t.lines[t.top.start] ?? '', line, ...body, t.lines[t.top.end] ?? ''];
      return [
        mutant(
          'hcl.hard-code-secret',
          t,
          '',
          'a credential written in the code',
          edit(files, t, t.top.start, t.top.end, replaced),
        ),
      ];
    }),
};

/**
 * Arguments of Google resources whose value a requirement is likely to guard: who is granted what,
 * what may enter, where a database or service sits, how it accepts connections.
 */
const GOOGLE_GUARDED =
  /^(role|member|members|ingress|ssl_mode|purpose|address_type|direction|priority|service_account|private_network|network|source_ranges)$/;

/** Values a requirement is likely to guard: flags, ranges, ports, zones, tags. */
function guarded(t: Target & { node: Attribute }): boolean {
  if (!isResourceLike(t) || t.top.type === 'module') return false;
  const { name, value } = t.node;
  if (value === 'true' || value === 'false') return true;
  if (/cidr|port|zone|Environment|protocol/.test(name)) return true;
  if ((t.top.labels[0] ?? '').startsWith('google_') && GOOGLE_GUARDED.test(name)) return true;
  return /^"\d{1,3}(\.\d{1,3}){3}\/\d{1,2}"$/.test(value);
}

const unknownInput: MutationOperator = {
  name: 'hcl.unknown-input',
  description: 'moves a guarded value behind an input variable with no default and no tfvars value',
  apply: (files) => {
    let counter = 0;
    return attributes(files).flatMap((t) => {
      if (!guarded(t)) return [];
      const name = `mutant_${t.node.name.toLowerCase()}_${counter++}`;
      const declaration = `\n\nvariable "${name}" {\n  description = "Set when planning."\n}\n`;
      return [
        mutant(
          'hcl.unknown-input',
          t,
          '',
          `${t.node.name} = var.${name}, an input with no value`,
          setValue(files, t, `var.${name}`, declaration),
        ),
      ];
    });
  },
};

const dataSource: MutationOperator = {
  name: 'hcl.data-source',
  description: 'moves a guarded value behind a data source read at plan time',
  apply: (files) => {
    let n = 0;
    return attributes(files).flatMap((t) => {
      if (!guarded(t)) return [];
      const name = `mutant_${n++}`;
      const declaration = `\n\ndata "aws_ssm_parameter" "${name}" {\n  name = "/orders/${t.node.name}"\n}\n`;
      return [
        mutant(
          'hcl.data-source',
          t,
          '',
          `${t.node.name} read from data.aws_ssm_parameter.${name}`,
          setValue(files, t, `data.aws_ssm_parameter.${name}.value`, declaration),
        ),
      ];
    });
  },
};

const sameZone: MutationOperator = {
  name: 'hcl.same-zone',
  description: 'puts every instance of a subnet (or a literal zone) in the same availability zone',
  apply: (files) => {
    const all = attributes(files).filter((t) => /^availability_zones?(_id)?$/.test(t.node.name));
    const literals = all
      .map((t) => /^"([^"]+)"$/.exec(t.node.value)?.[1])
      .filter((z): z is string => z !== undefined);
    const first = literals[0];
    return all.flatMap((t) => {
      let value: string | undefined;
      if (/count\.index/.test(t.node.value)) value = t.node.value.replaceAll('count.index', '0');
      else if (/each\./.test(t.node.value) && first) value = `"${first}"`;
      else if (first && /^"[^"]+"$/.test(t.node.value) && t.node.value !== `"${first}"`) value = `"${first}"`;
      if (!value) return [];
      return [mutant('hcl.same-zone', t, '', `${t.node.name} = ${value}`, setValue(files, t, value))];
    });
  },
};

const changePort: MutationOperator = {
  name: 'hcl.change-port',
  description: 'moves a literal port number by one',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      const isPortVariable =
        t.top.type === 'variable' && /port/.test(t.top.labels[0] ?? '') && t.node.name === 'default';
      if (!/port/.test(t.node.name) && !isPortVariable) return [];
      if (!/^\d+$/.test(t.node.value) || t.node.value === '0') return [];
      const port = String(Number(t.node.value) + 1);
      return [mutant('hcl.change-port', t, '', `${t.node.name} = ${port}`, setValue(files, t, port))];
    }),
};

const reduceCount: MutationOperator = {
  name: 'hcl.reduce-count',
  description: 'creates one instance where count made several',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      if (t.node.name !== 'count' || t.path !== 'count' || t.node.value === '1' || t.node.value === '0')
        return [];
      return [mutant('hcl.reduce-count', t, '', 'count = 1', setValue(files, t, '1'))];
    }),
};

const removeTag: MutationOperator = {
  name: 'hcl.remove-tag',
  description: 'removes one key from a tags map (resource tags, default_tags, tag_specifications)',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      if (t.node.name !== 'tags') return [];
      const keys = [...t.node.value.matchAll(/(?:^|[{,\n])\s*"?([A-Za-z_][\w:-]*)"?\s*=/g)].map(
        (m) => m[1] as string,
      );
      return keys.map((key) => {
        const original = t.lines.slice(t.node.start, t.node.end + 1).join('\n');
        const pattern = new RegExp(
          `(\\{\\s*|,\\s*|\\n\\s*)"?${key}"?\\s*=\\s*(?:"(?:[^"\\\\]|\\\\.)*"|[\\w.\\[\\]()*-]+)\\s*,?`,
        );
        const removed = original.replace(pattern, (_whole, lead: string) =>
          lead.startsWith('{') ? lead : lead.includes('\n') ? '\n' : '',
        );
        return mutant(
          'hcl.remove-tag',
          t,
          key,
          `tag ${key} removed`,
          edit(files, t, t.node.start, t.node.end, removed.split('\n')),
        );
      });
    }),
};

/** Every HCL operator, in the order the runner applies them. */
export const operators: MutationOperator[] = [
  widenCidr,
  dropResource,
  duplicateResource,
  flipBoolean,
  dropArgument,
  dropBlock,
  hardCodeSecret,
  unknownInput,
  dataSource,
  sameZone,
  changePort,
  reduceCount,
  removeTag,
];

/** Exposed for tests: the scanner's view of one file. */
export const scanForTests = { parseNodes };
