import { type Cloud, REGIONS, type ServiceEntry } from '../../../challenges/_lib/architecture/catalogue.ts';
import type { Component } from '../../../challenges/_lib/architecture/schema.ts';
import { SIZES } from '../../../challenges/_lib/architecture/tables.ts';
import type { ComponentPatch } from './edits.ts';
import { CheckField, NumberField } from './fields.tsx';

interface ComponentPropertiesProps {
  cloud: Cloud;
  entry: ServiceEntry;
  component: Component;
  readOnly: boolean;
  onChange: (patch: ComponentPatch) => void;
}

const usd = (n: number) => `$${n.toLocaleString('en-US')}`;

/** The properties this component's service takes, each with the schema's bounds. */
export function ComponentProperties({
  cloud,
  entry,
  component,
  readOnly,
  onChange,
}: ComponentPropertiesProps) {
  const takes = new Set(entry.properties);
  const zones = component.region ? (REGIONS[cloud][component.region] ?? []) : [];
  const chosen = component.zones ?? [];
  const backups = component.backups ?? { enabled: false, retentionDays: 0, pointInTime: false };
  return (
    <>
      {takes.has('zones') && (
        <fieldset className="design-fieldset">
          <legend>Zones</legend>
          {zones.map((zone) => (
            <CheckField
              key={zone}
              label={zone}
              checked={chosen.includes(zone)}
              // A zonal service runs in at least one zone: the last one cannot be unticked.
              disabled={readOnly || (chosen.length === 1 && chosen.includes(zone))}
              testId={`zone-${zone}`}
              onChange={(on) =>
                onChange({ zones: zones.filter((z) => (z === zone ? on : chosen.includes(z))) })
              }
            />
          ))}
        </fieldset>
      )}
      {takes.has('network') && (
        <div className="design-field">
          <label htmlFor={`network-${component.id}`}>Network</label>
          <select
            id={`network-${component.id}`}
            className="select"
            value={component.network ?? ''}
            disabled={readOnly}
            data-testid="component-network"
            onChange={(event) =>
              onChange({ network: event.target.value === 'public' ? 'public' : 'private' })
            }
          >
            {component.network === undefined && <option value="">(not set)</option>}
            <option value="public">public subnet</option>
            <option value="private">private subnet</option>
          </select>
        </div>
      )}
      {takes.has('instances') && (
        <div className="design-field-row">
          <NumberField
            label="Instances min"
            value={component.instances?.min ?? 1}
            min={0}
            max={component.instances?.max ?? 100_000}
            disabled={readOnly}
            testId="instances-min"
            onCommit={(min) =>
              onChange({ instances: { min, max: component.instances?.max ?? Math.max(1, min) } })
            }
          />
          <NumberField
            label="Instances max"
            value={component.instances?.max ?? 1}
            min={Math.max(1, component.instances?.min ?? 1)}
            max={100_000}
            disabled={readOnly}
            testId="instances-max"
            onCommit={(max) => onChange({ instances: { min: component.instances?.min ?? 1, max } })}
          />
        </div>
      )}
      {takes.has('size') && (
        <SizeField
          cloud={cloud}
          entry={entry}
          component={component}
          readOnly={readOnly}
          onChange={onChange}
        />
      )}
      {takes.has('ha') && (
        <CheckField
          label="High availability (standby in another zone, automatic failover)"
          checked={component.ha ?? false}
          disabled={readOnly}
          testId="component-ha"
          onChange={(ha) => onChange({ ha })}
        />
      )}
      {takes.has('readReplicas') && (
        <NumberField
          label="Read replicas"
          value={component.readReplicas ?? 0}
          min={0}
          max={15}
          disabled={readOnly}
          testId="read-replicas"
          onCommit={(readReplicas) => onChange({ readReplicas })}
        />
      )}
      {takes.has('backups') && (
        <fieldset className="design-fieldset">
          <legend>Backups</legend>
          <CheckField
            label="Automated backups"
            checked={backups.enabled}
            disabled={readOnly}
            testId="backups-enabled"
            onChange={(enabled) => onChange({ backups: { ...backups, enabled } })}
          />
          <NumberField
            label="Retention (days)"
            value={backups.retentionDays}
            min={0}
            max={35}
            disabled={readOnly}
            testId="backups-retention"
            onCommit={(retentionDays) => onChange({ backups: { ...backups, retentionDays } })}
          />
          <CheckField
            label="Point-in-time recovery"
            checked={backups.pointInTime}
            disabled={readOnly}
            testId="backups-pitr"
            onChange={(pointInTime) => onChange({ backups: { ...backups, pointInTime } })}
          />
        </fieldset>
      )}
      {takes.has('publicAccess') && (
        <CheckField
          label="Readable by anyone on the internet"
          checked={component.publicAccess ?? false}
          disabled={readOnly}
          testId="public-access"
          onChange={(publicAccess) => onChange({ publicAccess })}
        />
      )}
    </>
  );
}

/** The size, with what one instance carries and costs (tables.ts) and the total at the maximum. */
function SizeField({ cloud, entry, component, readOnly, onChange }: ComponentPropertiesProps) {
  const table = SIZES[cloud][entry.id] ?? {};
  const figures = component.size === undefined ? undefined : table[component.size];
  const max = component.instances?.max;
  return (
    <div className="design-field">
      <label htmlFor={`size-${component.id}`}>Size</label>
      <select
        id={`size-${component.id}`}
        className="select"
        value={component.size ?? ''}
        disabled={readOnly}
        data-testid="component-size"
        aria-describedby={`size-figures-${component.id}`}
        onChange={(event) => onChange({ size: event.target.value })}
      >
        {component.size === undefined && <option value="">(not set)</option>}
        {entry.sizes.map((size) => {
          const f = table[size];
          return (
            <option key={size} value={size}>
              {f
                ? `${size} — ${f.usersPerInstance.toLocaleString('en-US')} users, ${usd(f.monthlyUsd)}/month`
                : size}
            </option>
          );
        })}
      </select>
      <span className="design-size-figures" id={`size-figures-${component.id}`} data-testid="size-figures">
        {figures
          ? `${figures.usersPerInstance.toLocaleString('en-US')} users and ${usd(figures.monthlyUsd)}/month per instance${
              max === undefined
                ? ''
                : `; at ${max} instance${max === 1 ? '' : 's'}: ${(figures.usersPerInstance * max).toLocaleString('en-US')} users, ${usd(figures.monthlyUsd * max)}/month`
            }`
          : 'no figures for this size'}
      </span>
    </div>
  );
}
