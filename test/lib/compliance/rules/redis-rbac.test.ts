import { Stack } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/redis-rbac';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-RED-1
function redis(stack: Stack, defaultAccess: string, appAccess: string) {
  const off = resource(stack, 'DefaultUser', 'AWS::ElastiCache::User', { UserId: 'default-off', UserName: 'default', Engine: 'redis', AccessString: defaultAccess, NoPasswordRequired: true });
  const app = resource(stack, 'AppUser', 'AWS::ElastiCache::User', { UserId: 'app', UserName: 'app', Engine: 'redis', AccessString: appAccess, AuthenticationMode: { Type: 'password' } });
  const group = resource(stack, 'Users', 'AWS::ElastiCache::UserGroup', { UserGroupId: 'g', Engine: 'redis', UserIds: [off.ref, app.ref] });
  resource(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { UserGroupIds: [group.ref] });
}

describe('RedisRbac', () => {
  test('a user group with the default user off and an app user denying -@dangerous complies', () => {
    const stack = ruleTestStack();
    redis(stack, 'off ~* -@all', 'on ~* +@all -@dangerous');
    expect(violations(rule, stack)).toEqual([]);
  });

  test('users listed by literal ID are found too', () => {
    const stack = ruleTestStack();
    resource(stack, 'DefaultUser', 'AWS::ElastiCache::User', { UserId: 'default-off', UserName: 'default', Engine: 'redis', AccessString: 'off -@all' });
    resource(stack, 'Users', 'AWS::ElastiCache::UserGroup', { UserGroupId: 'g', Engine: 'redis', UserIds: ['default-off'] });
    resource(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { UserGroupIds: ['g'] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('an enabled default user, an app user allowed dangerous commands, or no user group is flagged', () => {
    const enabledDefault = ruleTestStack();
    redis(enabledDefault, 'on ~* +@all', 'on ~* +@all -@dangerous');
    const dangerousApp = ruleTestStack();
    redis(dangerousApp, 'off ~* -@all', 'on ~* +@all');
    const noGroup = ruleTestStack();
    resource(noGroup, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { AuthToken: 'x' });
    for (const stack of [enabledDefault, dangerousApp, noGroup]) expect(violations(rule, stack)).toEqual(['Redis']);
  });
});
