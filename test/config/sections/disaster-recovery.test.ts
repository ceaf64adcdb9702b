import { ConfigError, loadConfigs, selectDeployments } from '../../../config';
import { accepted, problemsOf, withField } from '../../support/config-fields';

const POINT = 'arn:aws:rds:eu-west-3:000000000003:snapshot:awsbackup:copyjob-0123456789abcdef';

function loadError(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config: disasterRecovery section', () => {
  it('is off by default, with a quarterly drill and 4 h / 28 h RTO/RPO alarms', () => {
    const { disasterRecovery } = accepted('staging', withField('staging', 'disasterRecovery', undefined));
    expect(disasterRecovery).toMatchObject({ enabled: false, cidr: '10.250.0.0/16', alarms: { rtoSeconds: 14_400, rpoSeconds: 100_800 } });
    expect(disasterRecovery.drill).toMatchObject({ schedule: 'cron(0 4 15 1,4,7,10 ? *)', metricsNamespace: 'Platform/DisasterRecoveryDrill' });
  });

  it('is on in prod (prod floor), and prod cannot switch it off', () => {
    expect(accepted('prod', withField('prod', 'disasterRecovery.cidr', '10.130.0.0/16')).disasterRecovery.enabled).toBe(true);
    expect(problemsOf('prod', withField('prod', 'disasterRecovery.enabled', false))).toEqual([
      'disasterRecovery.enabled: got false; prod requires true because prod must be recoverable in its copy region when its own region fails: secret replicas and a drilled restore (docs/disaster-recovery.md) (prod floor, CL-ENV-2)',
    ]);
  });

  it('needs the copy region AZs and certificate when enabled', () => {
    expect(problemsOf('staging', withField('staging', 'disasterRecovery', { enabled: true }))).toEqual([
      'disasterRecovery.availabilityZones: is required when enabled: list the AZs of backup.copyRegion (no lookups at synth); got nothing',
      "disasterRecovery.certificateArn: is required when enabled: an ACM certificate in backup.copyRegion for the recovery environment's HTTPS listener; got nothing",
    ]);
  });

  it('refuses AZs, certificates and recovery points outside the copy region, and fewer AZs than the environment', () => {
    const raw = withField('prod', 'disasterRecovery.availabilityZones', ['eu-west-3a', 'eu-west-1b']);
    expect(problemsOf('prod', raw)).toEqual([
      'disasterRecovery.availabilityZones: got ["eu-west-1b"]; every AZ must be in backup.copyRegion "eu-west-3", where the recovery environment runs',
      'disasterRecovery.availabilityZones: got 2 AZs; the recovery environment needs at least as many as network.availabilityZones (3)',
    ]);
    const certificate = 'arn:aws:acm:eu-west-1:000000000003:certificate/00000000-0000-0000-0000-000000000000';
    expect(problemsOf('prod', withField('prod', 'disasterRecovery.certificateArn', certificate))).toEqual([
      "disasterRecovery.certificateArn: the certificate is in eu-west-1; the recovery environment's ALB needs one in backup.copyRegion \"eu-west-3\"",
    ]);
    const homePoint = POINT.replace('eu-west-3', 'eu-west-1');
    expect(problemsOf('prod', withField('prod', 'disasterRecovery.recoveryPointArn', homePoint))).toEqual([
      `disasterRecovery.recoveryPointArn: got "${homePoint}"; it must be a copied recovery point in backup.copyRegion "eu-west-3" of account 000000000003`,
    ]);
    expect(problemsOf('prod', withField('prod', 'disasterRecovery.recoveryPointArn', 'snap-1'))[0]).toMatch(/^disasterRecovery.recoveryPointArn: must be an RDS snapshot ARN/);
  });
});

describe('config: the recovery environment', () => {
  it('is selected by name only: "all" stays the three environments', () => {
    expect(selectDeployments(undefined)).toEqual(['dev', 'staging', 'prod']);
    expect(selectDeployments('prod-recovery,prod')).toEqual(['prod-recovery', 'prod']);
    expect(() => selectDeployments('prod-recover')).toThrow(
      'unknown environment "prod-recover"; valid environments are dev, staging, prod, or one of them suffixed -recovery (or "all")',
    );
  });

  it("is the environment's configuration moved to the copy region, backing up into the home region", () => {
    const [prod, recovery] = loadConfigs(['prod', 'prod-recovery'], { prod: { recoveryPointArn: POINT } });
    expect(recovery).toMatchObject({
      name: 'prod',
      recovery: true,
      region: 'eu-west-3',
      backup: { ...prod.backup, copyRegion: 'eu-west-1' },
      network: { ...prod.network, cidr: '10.130.0.0/16', availabilityZones: ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'] },
      service: { ...prod.service, certificate: { certificateArn: prod.disasterRecovery.certificateArn } },
      database: prod.database,
    });
    expect(recovery.disasterRecovery.recoveryPointArn).toBe(POINT);
    expect(prod.recovery).toBe(false);
  });

  it('needs a recovery point, and an environment with disaster recovery on', () => {
    expect(loadError(() => loadConfigs(['prod-recovery']))).toBe(
      'config error [prod-recovery] disasterRecovery.recoveryPointArn: is required to build the recovery environment: pass ' +
        '-c recoveryPointArn=<ARN of a copied recovery point> (npm run recover -- -c env=prod finds the newest and passes it)',
    );
    expect(loadError(() => loadConfigs(['dev-recovery']))).toBe(
      'config error [dev-recovery] disasterRecovery.enabled: is false: dev has no recovery environment (enable disasterRecovery in config/environments/dev.ts)',
    );
  });
});
