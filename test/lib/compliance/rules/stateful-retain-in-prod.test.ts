import { CfnDeletionPolicy } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/stateful-retain-in-prod';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-DEL-1, CL-ENV-2
describe('StatefulRetainInProd', () => {
  test('retained/snapshotted stateful resources comply in prod; dev may delete', () => {
    const prod = ruleTestStack('prod');
    const db = resource(prod, 'Db', 'AWS::RDS::DBInstance', {});
    db.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT;
    db.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
    const key = resource(prod, 'Key', 'AWS::KMS::Key', {});
    key.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    key.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    resource(prod, 'Topic', 'AWS::SNS::Topic', {});
    const dev = ruleTestStack('dev');
    resource(dev, 'Db', 'AWS::RDS::DBInstance', {});
    expect(violations(rule, prod)).toEqual([]);
    expect(violations(rule, dev)).toEqual([]);
  });

  test('a prod secret or vault that would be deleted is flagged', () => {
    const prod = ruleTestStack('prod');
    resource(prod, 'Secret', 'AWS::SecretsManager::Secret', {});
    const vault = resource(prod, 'Vault', 'AWS::Backup::BackupVault', {});
    vault.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN; // replacement would still delete it
    expect(violations(rule, prod).sort()).toEqual(['Secret', 'Vault']);
  });
});
