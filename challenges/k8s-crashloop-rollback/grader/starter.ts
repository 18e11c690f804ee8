/**
 * What the starter's manifests declare (starter/manifests/checkout-api.yaml). The grader runs without
 * the starter beside it, so the lists live here; a test holds them equal to what the grader reads
 * from the starter itself.
 */
import { NAMESPACE } from './incident.ts';

export const STARTER_INVENTORY: readonly string[] = [
  `ConfigMap ${NAMESPACE}/checkout-api-config`,
  `ConfigMap ${NAMESPACE}/checkout-api-config: key CATALOGUE_URL`,
  `ConfigMap ${NAMESPACE}/checkout-api-config: key LOG_FORMAT`,
  `ConfigMap ${NAMESPACE}/checkout-api-config: key PAYMENTS_TIMEOUT_MS`,
  `ConfigMap ${NAMESPACE}/checkout-api-config: key fluent-bit.conf`,
  `Deployment ${NAMESPACE}/checkout-api`,
  `Deployment ${NAMESPACE}/checkout-api: container checkout-api`,
  `Deployment ${NAMESPACE}/checkout-api: container checkout-api: env DATABASE_URL`,
  `Deployment ${NAMESPACE}/checkout-api: container checkout-api: env LOG_DIR`,
  `Deployment ${NAMESPACE}/checkout-api: container checkout-api: envFrom ConfigMap checkout-api-config`,
  `Deployment ${NAMESPACE}/checkout-api: container checkout-api: mount app-logs at /var/log/app`,
  `Deployment ${NAMESPACE}/checkout-api: container checkout-api: port http 8080/TCP`,
  `Deployment ${NAMESPACE}/checkout-api: container checkout-api: port metrics 9090/TCP`,
  `Deployment ${NAMESPACE}/checkout-api: container log-shipper`,
  `Deployment ${NAMESPACE}/checkout-api: container log-shipper: mount app-logs at /var/log/app`,
  `Deployment ${NAMESPACE}/checkout-api: container log-shipper: mount shipper-config at /fluent-bit/etc`,
  `Deployment ${NAMESPACE}/checkout-api: volume app-logs`,
  `Deployment ${NAMESPACE}/checkout-api: volume shipper-config`,
  `HorizontalPodAutoscaler ${NAMESPACE}/checkout-api`,
  `Service ${NAMESPACE}/checkout-api`,
  `Service ${NAMESPACE}/checkout-api: port http 80/TCP`,
  `Service ${NAMESPACE}/checkout-api: port metrics 9090/TCP`,
];

/** The Deployment's selector today. The API server refuses any change to it. */
export const STARTER_SELECTOR = { matchLabels: { 'app.kubernetes.io/name': 'checkout-api' } } as const;

/** The Service and HPA that must keep reaching the pods. */
export const SERVICE = 'checkout-api';
export const AUTOSCALER = 'checkout-api';

/** Images the brief does not ask to change, by container. */
export const KEPT_IMAGES: Readonly<Record<string, { repository: string; tag: string }>> = {
  'log-shipper': { repository: 'cr.fluentbit.io/fluent/fluent-bit', tag: '3.0.7' },
};

/** The HPA's ceiling today: checkout must still be able to scale out this far. */
export const MAX_REPLICAS = 12;
