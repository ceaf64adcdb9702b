// In-memory model of one ElastiCache RBAC user behind aws-sdk-client-mock: ModifyUser is refused while the
// user is "modifying", takes up to two passwords (16-128 chars, no characters Redis AUTH forbids), and its
// passwords only take effect once DescribeUsers has reported "modifying" a few times and the user is
// "active" again. accepts(password) answers what an AUTH with that password would do.
import {
  DescribeUsersCommand,
  type DescribeUsersCommandInput,
  ElastiCacheClient,
  InvalidParameterValueException,
  InvalidUserStateFault,
  ModifyUserCommand,
  type ModifyUserCommandInput,
  UserNotFoundFault,
} from '@aws-sdk/client-elasticache';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { FailureInjector } from './failure-injection';

export class ElastiCacheUserModel extends FailureInjector {
  status: 'active' | 'modifying' = 'active';
  private passwords: string[];
  private appliedAfterPolls = 0;
  private pendingPasswords: string[] | undefined;

  constructor(
    readonly userId: string,
    initialPassword: string,
    /** DescribeUsers calls that report "modifying" after each ModifyUser. */
    readonly modifyingPolls = 2,
  ) {
    super();
    this.passwords = [initialPassword];
  }

  accepts(password: string): boolean {
    return this.passwords.includes(password);
  }
  get passwordCount(): number {
    return this.passwords.length;
  }

  describeUsers(input: DescribeUsersCommandInput) {
    if (input.UserId !== this.userId) throw new UserNotFoundFault({ message: `User ${input.UserId} not found`, $metadata: {} });
    const reported = this.status;
    if (this.status === 'modifying' && --this.appliedAfterPolls <= 0) {
      this.passwords = this.pendingPasswords!;
      this.pendingPasswords = undefined;
      this.status = 'active';
    }
    return {
      Users: [
        {
          UserId: this.userId,
          UserName: 'app',
          Status: reported,
          Engine: 'redis',
          Authentication: { Type: 'password' as const, PasswordCount: (this.pendingPasswords ?? this.passwords).length },
        },
      ],
    };
  }

  modifyUser(input: ModifyUserCommandInput) {
    if (input.UserId !== this.userId) throw new UserNotFoundFault({ message: `User ${input.UserId} not found`, $metadata: {} });
    if (this.status !== 'active') throw new InvalidUserStateFault({ message: 'User is not in active state', $metadata: {} });
    const passwords = input.Passwords ?? [];
    const bad = (p: string) => p.length < 16 || p.length > 128 || /[^\x21-\x7e]|["/@]/.test(p);
    if (passwords.length < 1 || passwords.length > 2 || passwords.some(bad) || new Set(passwords).size !== passwords.length) {
      throw new InvalidParameterValueException({ message: 'Passwords: 1-2 distinct passwords of 16-128 allowed characters', $metadata: {} });
    }
    this.pendingPasswords = [...passwords];
    this.status = 'modifying';
    this.appliedAfterPolls = this.modifyingPolls;
    if (this.modifyingPolls === 0) this.describeUsers({ UserId: this.userId });
    return { UserId: this.userId, Status: 'modifying' };
  }

  serve(stub: AwsClientStub<ElastiCacheClient> = mockClient(ElastiCacheClient)): AwsClientStub<ElastiCacheClient> {
    stub.on(DescribeUsersCommand).callsFake(this.fake('DescribeUsers', (i: DescribeUsersCommandInput) => this.describeUsers(i)));
    stub.on(ModifyUserCommand).callsFake(this.fake('ModifyUser', (i: ModifyUserCommandInput) => this.modifyUser(i)));
    return stub;
  }
}
