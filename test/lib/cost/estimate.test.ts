import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackTemplate, Template } from '../../../lib/compliance/report/template-graph';
import { canaryRunsPerMonth, CostError, CostLine, estimateFloor, rdsClassVcpus } from '../../../lib/cost/estimate';
import { formatEstimate, summaryLine } from '../../../lib/cost/format';
import { PRICES } from '../../../lib/cost/prices';

const fixture = (name: string): Template => JSON.parse(readFileSync(join(__dirname, '__fixtures__', `${name}.template.json`), 'utf8')) as Template;
const stack = (name: string, region: string | undefined, template = fixture(name)): StackTemplate => ({ stackName: name, region, template });

function line(lines: CostLine[], item: string, region = 'us-east-1'): CostLine {
  const found = lines.filter((l) => l.item === item && l.region === region);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('estimateFloor on fixture templates (us-east-1 list prices)', () => {
  const estimate = estimateFloor('test', [stack('network', 'us-east-1'), stack('app', 'us-east-1')], PRICES);
  const monthly = (item: string) => line(estimate.lines, item).monthly;

  test('network: NAT gateways and their addresses, interface endpoint ENIs per AZ, NAT instance with its volume and address', () => {
    // A private NAT gateway bills the same hours (but has no address); the gateway endpoint is free.
    expect(line(estimate.lines, 'NAT gateway')).toMatchObject({ count: 2, unit: 'hour', unitPrice: 0.045, monthly: 65.7 });
    expect(monthly('Public IPv4 address (Elastic IP)')).toBeCloseTo(3.65, 2);
    // 2 AZs for Secrets Manager + 1 for KMS.
    expect(line(estimate.lines, 'Interface VPC endpoint ENI (endpoint x AZ)')).toMatchObject({ count: 3, monthly: 21.9 });
    expect(monthly('EC2 instance t4g.nano')).toBeCloseTo(3.07, 2);
    expect(line(estimate.lines, 'EBS gp3 volume (GB)')).toMatchObject({ count: 8, unit: 'GB-month', monthly: 0.64 });
    expect(line(estimate.lines, 'Public IPv4 address (EC2 instance)')).toMatchObject({ count: 1, monthly: 3.65 });
  });

  test('database: Multi-AZ doubles instance hours and storage; the proxy bills the target class vCPUs', () => {
    expect(line(estimate.lines, 'RDS PostgreSQL db.m7g.large (Multi-AZ: primary + standby)')).toMatchObject({ count: 2, monthly: 245.28 });
    expect(line(estimate.lines, 'RDS gp3 storage (GB, x2 Multi-AZ)')).toMatchObject({ count: 200, monthly: 23 });
    expect(line(estimate.lines, 'RDS Proxy (vCPUs of db.m7g.large)')).toMatchObject({ count: 2, monthly: 21.9 });
    expect(line(estimate.lines, 'ElastiCache node cache.t4g.small')).toMatchObject({ count: 3, monthly: 70.08 });
  });

  test('edge and service: ALB hours plus one public IPv4 per AZ, WAF per ACL and rule, Fargate by architecture and desired count', () => {
    expect(monthly('Application Load Balancer')).toBeCloseTo(16.43, 1);
    expect(line(estimate.lines, 'Public IPv4 address (ALB, one per AZ)')).toMatchObject({ count: 2, monthly: 7.3 });
    expect(monthly('WAF web ACL')).toBe(5);
    expect(line(estimate.lines, 'WAF rule (a managed rule group counts as one)')).toMatchObject({ count: 3, monthly: 3 });
    expect(line(estimate.lines, 'Fargate vCPU (2 task(s) x 0.5 vCPU, ARM64)')).toMatchObject({ count: 1, unitPrice: 0.03238, monthly: 23.64 });
    expect(line(estimate.lines, 'Fargate memory (2 task(s) x 1 GB, ARM64)')).toMatchObject({ count: 2, monthly: 5.2 });
  });

  test('monitoring and keys: alarms per metric read (math alarms per input, high resolution dearer), canary runs, keys, secrets', () => {
    expect(line(estimate.lines, 'CloudWatch alarm metric')).toMatchObject({ count: 4, monthly: 0.4 });
    expect(line(estimate.lines, 'CloudWatch alarm metric (high resolution)')).toMatchObject({ count: 1, monthly: 0.3 });
    expect(monthly('CloudWatch composite alarm')).toBe(0.5);
    expect(monthly('CloudWatch dashboard')).toBe(3);
    expect(line(estimate.lines, 'Synthetics canary runs (rate(5 minutes))')).toMatchObject({ count: 8760, monthly: 10.51 });
    expect(monthly('KMS customer managed key')).toBe(1);
    expect(monthly('Secrets Manager secret')).toBe(0.4);
  });

  test('the total is the sum of the lines, largest line first, and usage charges are listed, not counted', () => {
    expect(estimate.total).toBeCloseTo(estimate.lines.reduce((s, l) => s + l.monthly, 0), 2);
    expect(estimate.lines[0].item).toBe('RDS PostgreSQL db.m7g.large (Multi-AZ: primary + standby)');
    expect(estimate.lines.some((l) => /Lambda|Logs|subnet/i.test(l.item))).toBe(false);
    expect(estimate.notCounted).toEqual(expect.arrayContaining(['Lambda requests and duration', 'NAT gateway data processing (per GB)']));
    // Only the charges of resources present: the fixtures have no backup vault.
    expect(estimate.notCounted).not.toContain('AWS Backup storage and cross-region copy transfer');
  });
});

test('each stack is priced in its own region, and the same item in two regions stays two lines', () => {
  const estimate = estimateFloor('test', [stack('network', 'us-east-1'), stack('network', 'eu-west-1')], PRICES);
  expect(line(estimate.lines, 'NAT gateway', 'us-east-1').monthly).toBe(65.7);
  expect(line(estimate.lines, 'NAT gateway', 'eu-west-1').monthly).toBe(70.08);
});

test('a single-AZ instance counts its hours and storage once; Multi-AZ is the only doubling', () => {
  const template: Template = {
    Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t4g.micro', MultiAZ: false, AllocatedStorage: 20, StorageType: 'gp3' } } },
  };
  const estimate = estimateFloor('dev', [stack('data', 'us-east-1', template)], PRICES);
  expect(estimate.lines.map((l) => [l.item, l.count, l.monthly])).toEqual([
    ['RDS PostgreSQL db.t4g.micro (single-AZ)', 1, 11.68],
    ['RDS gp3 storage (GB)', 20, 2.3],
  ]);
});

test('anything without a price is an error naming what to add where, never a silent zero', () => {
  expect(() => estimateFloor('x', [stack('network', 'ap-south-2')], PRICES)).toThrow(/region ap-south-2 .*add its prices to lib\/cost\/prices.ts/);
  const unknownClass: Template = { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.x2g.16xlarge', AllocatedStorage: 20 } } } };
  expect(() => estimateFloor('x', [stack('data', 'us-east-1', unknownClass)], PRICES)).toThrow(CostError);
  expect(() => estimateFloor('x', [stack('data', 'us-east-1', unknownClass)], PRICES)).toThrow(/RDS class db.x2g.16xlarge in us-east-1: add it/);
  expect(() => estimateFloor('x', [stack('network', undefined)], PRICES)).toThrow(/region is not known/);
});

test('RDS class vCPUs and canary runs per month', () => {
  expect([rdsClassVcpus('db.t4g.micro'), rdsClassVcpus('db.m7g.large'), rdsClassVcpus('db.m7g.xlarge'), rdsClassVcpus('db.r7g.4xlarge')]).toEqual([2, 2, 4, 16]);
  expect(canaryRunsPerMonth('rate(5 minutes)', 730)).toBe(8760);
  expect(canaryRunsPerMonth('rate(1 hour)', 730)).toBe(730);
  expect(canaryRunsPerMonth('rate(0 minute)', 730)).toBe(0);
  expect(() => canaryRunsPerMonth('cron(0 * * * ? *)', 730)).toThrow(/only rate/);
});

test('the report shows every line with its unit price, the total, and what is not counted; the summary is one line', () => {
  const estimate = estimateFloor('dev', [stack('network', 'eu-west-1')], PRICES);
  const text = formatEstimate(estimate);
  expect(text).toMatch(/^== dev: \$\d+\.\d\d\/month fixed floor/);
  expect(text).toMatch(/NAT gateway\s+eu-west-1\s+2\s+\$0\.048\/hour\s+\$70\.08/);
  expect(text).toMatch(/EBS gp3 volume \(GB\)\s+eu-west-1\s+8\s+\$0\.088\/GB-month\s+\$0\.70/);
  expect(text).toContain(`total`);
  expect(text).toContain('  - NAT gateway data processing (per GB)');
  expect(summaryLine(estimate)).toBe(`dev: $${estimate.total.toFixed(2)}/month fixed floor at list prices (eu-west-1); details: npm run cost`);
});
