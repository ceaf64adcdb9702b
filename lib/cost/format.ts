import type { CostEstimate, CostLine } from './estimate';
import type { PriceTable } from './prices';

const usd = (n: number) => `$${n.toFixed(2)}`;

function unitPrice(line: CostLine): string {
  // Monthly prices are whole cents; the others need every decimal AWS lists ($0.004445/hour).
  const price = line.unit === 'month' ? usd(line.unitPrice) : `$${String(line.unitPrice)}`;
  return `${price}/${line.unit}`;
}

function count(line: CostLine): string {
  return Number.isInteger(line.count) ? String(line.count) : line.count.toFixed(2);
}

/** One line: `dev: $119.20/month fixed floor (eu-west-1, eu-west-3)`. */
export function summaryLine(estimate: CostEstimate): string {
  const regions = [...new Set(estimate.lines.map((l) => l.region))].sort().join(', ');
  return `${estimate.environment}: ${usd(estimate.total)}/month fixed floor at list prices (${regions}); details: npm run cost`;
}

/** The environment's floor as an aligned table, then what it leaves out. */
export function formatEstimate(estimate: CostEstimate): string {
  const rows = [
    ['item', 'region', 'count', 'unit price', 'monthly'],
    ...estimate.lines.map((l) => [l.item, l.region, count(l), unitPrice(l), usd(l.monthly)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const render = (r: string[]) => r.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const total = `${'total'.padEnd(widths.slice(0, 4).reduce((a, w) => a + w + 2, 0))}${usd(estimate.total).padStart(widths[4])}`;
  return [
    `== ${estimate.environment}: ${usd(estimate.total)}/month fixed floor (zero traffic)`,
    render(rows[0]),
    ...rows.slice(1).map(render),
    total,
    'not counted (usage-driven):',
    ...estimate.notCounted.map((n) => `  - ${n}`),
  ].join('\n');
}

/** Where the prices come from, printed once above the environments. */
export function formatPriceSource(prices: PriceTable): string {
  return `Prices: ${prices.currency}, as of ${prices.asOf}, ${prices.hoursPerMonth} hours a month (lib/cost/prices.ts). ${prices.source}`;
}
