// The rotation tests are only as good as this model: pin the Secrets Manager behaviours they rely on.
import { SecretsManagerModel } from './secrets-manager-model';
import { ElastiCacheUserModel } from './elasticache-user-model';

describe('SecretsManagerModel', () => {
  it('labels the old AWSCURRENT AWSPREVIOUS when AWSCURRENT moves, and drops unlabelled versions from DescribeSecret', () => {
    const m = new SecretsManagerModel('s', 'v0', 'v0-id');
    m.putSecretValue({ SecretId: 's', ClientRequestToken: 'v1-id', SecretString: 'v1' });
    expect(m.stagesOf('v0-id')).toEqual(['AWSPREVIOUS']);
    m.putSecretValue({ SecretId: 's', ClientRequestToken: 'v2-id', SecretString: 'v2' });
    expect(m.describeSecret({ SecretId: 's' }).VersionIdsToStages).toEqual({ 'v1-id': ['AWSPREVIOUS'], 'v2-id': ['AWSCURRENT'] });
  });

  it('refuses a RemoveFromVersionId that does not hold the label, and removing AWSCURRENT without moving it', () => {
    const m = new SecretsManagerModel('s', 'v0', 'v0-id');
    const token = m.startRotation();
    expect(() => m.updateSecretVersionStage({ SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: token })).toThrow(
      'AWSCURRENT is attached to v0-id',
    );
    expect(() => m.updateSecretVersionStage({ SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: token })).toThrow('give RemoveFromVersionId');
    expect(() => m.updateSecretVersionStage({ SecretId: 's', VersionStage: 'AWSCURRENT', RemoveFromVersionId: 'v0-id' })).toThrow('only be moved');
  });

  it('serves a rotation placeholder as not found until PutSecretValue fills it; refuses a different value for a filled version', () => {
    const m = new SecretsManagerModel('s', 'v0');
    const token = m.startRotation();
    expect(() => m.getSecretValue({ SecretId: 's', VersionId: token, VersionStage: 'AWSPENDING' })).toThrow("can't find");
    m.putSecretValue({ SecretId: 's', ClientRequestToken: token, SecretString: 'new', VersionStages: ['AWSPENDING'] });
    expect(m.getSecretValue({ SecretId: 's', VersionId: token, VersionStage: 'AWSPENDING' }).SecretString).toBe('new');
    expect(() => m.getSecretValue({ SecretId: 's', VersionId: token, VersionStage: 'AWSCURRENT' })).toThrow("can't find");
    expect(() => m.putSecretValue({ SecretId: 's', ClientRequestToken: token, SecretString: 'other', VersionStages: ['AWSPENDING'] })).toThrow(
      'different value',
    );
    expect(() => m.getSecretValue({ SecretId: 'unknown' })).toThrow("can't find the specified secret");
  });

  it('generates passwords from the requested classes only, with each class present', () => {
    const m = new SecretsManagerModel('s', 'v0');
    for (let i = 0; i < 20; i++) {
      const { RandomPassword } = m.getRandomPassword({ PasswordLength: 20, ExcludePunctuation: true, ExcludeCharacters: 'aA0', RequireEachIncludedType: true });
      expect(RandomPassword).toMatch(/^[b-zB-Z1-9]{20}$/);
      expect(RandomPassword).toMatch(/[b-z]/);
      expect(RandomPassword).toMatch(/[1-9]/);
    }
  });
});

describe('ElastiCacheUserModel', () => {
  it('applies new passwords only once the user is active again, and refuses ModifyUser meanwhile', () => {
    const u = new ElastiCacheUserModel('u', 'p'.repeat(16), 1);
    u.modifyUser({ UserId: 'u', Passwords: ['p'.repeat(16), 'q'.repeat(16)] });
    expect(u.accepts('q'.repeat(16))).toBe(false);
    expect(() => u.modifyUser({ UserId: 'u', Passwords: ['r'.repeat(16)] })).toThrow('not in active state');
    expect(u.describeUsers({ UserId: 'u' }).Users[0]!.Status).toBe('modifying');
    expect(u.describeUsers({ UserId: 'u' }).Users[0]!.Status).toBe('active');
    expect(u.accepts('q'.repeat(16))).toBe(true);
    expect(() => u.modifyUser({ UserId: 'u', Passwords: ['a@'.repeat(8)] })).toThrow('Passwords');
    expect(() => u.modifyUser({ UserId: 'u', Passwords: ['a'.repeat(16), 'b'.repeat(16), 'c'.repeat(16)] })).toThrow('Passwords');
  });
});
