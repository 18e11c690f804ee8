import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { ComponentFlowNode, GroupFlowNode } from './flowElements.ts';

/** A component on the canvas: label, service, where it runs and how far it scales. */
export const ComponentNode = memo(function ComponentNode({ data, selected }: NodeProps<ComponentFlowNode>) {
  const { component, serviceName, kind, zones } = data;
  return (
    <div className={`design-node design-node-${kind}${selected ? ' design-node-selected' : ''}`}>
      <Handle type="target" position={Position.Top} />
      <div className="design-node-label">{component.label}</div>
      {serviceName !== component.label && <div className="design-node-service">{serviceName}</div>}
      <div className="design-node-facts">
        {zones.length > 0 && (
          <span className="design-node-zones" title={`zones ${zones.map((z) => z.zone).join(', ')}`}>
            {zones.map((z) => (
              <b key={z.zone} className={`design-zone design-zone-${z.index}`}>
                {z.short}
              </b>
            ))}
          </span>
        )}
        {component.instances && (
          <span>
            {component.instances.min}–{component.instances.max}×
          </span>
        )}
        {component.ha && <span>HA</span>}
        {(component.readReplicas ?? 0) > 0 && <span>{component.readReplicas} replicas</span>}
        {component.note && (
          <span className="design-node-note" title={component.note}>
            note
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});

/** A region or network box behind its components. */
export const GroupNode = memo(function GroupNode({ data }: NodeProps<GroupFlowNode>) {
  return (
    <div className={`design-group design-group-${data.box.kind}`}>
      <span className="design-group-label">{data.box.label}</span>
    </div>
  );
});
