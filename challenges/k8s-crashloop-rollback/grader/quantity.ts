/** Kubernetes resource quantities ("500m", "1.5", "768Mi", "1e3"), as a number of base units. */
const SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// The grammar of resource.Quantity (k8s.io/apimachinery), applied to the parsed value.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** The quantity's value, or undefined when Kubernetes would not read it as a quantity. */
export function parseQuantity(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const match = QUANTITY.exec(raw.trim());
  if (!match) return undefined;
  const [, digits = '', suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIXES[suffix];
  const value = Number(digits) * (multiplier ?? Number.NaN);
  return Number.isFinite(value) ? value : undefined;
}

export function formatCpu(cores: number): string {
  return cores < 1 ? `${Math.round(cores * 1000)}m` : `${Number(cores.toFixed(3))}`;
}

export function formatMemory(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${Number((bytes / 2 ** 30).toFixed(2))}Gi`
    : `${Number((bytes / 2 ** 20).toFixed(1))}Mi`;
}
