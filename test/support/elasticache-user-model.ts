// In-memory model of one ElastiCache RBAC user behind aws-sdk-client-mock: ModifyUser is refused while the
// user is "modifying", takes up to two passwords (16-128 chars, no characters Redis AUTH forbids), and its
// passwords only take effect once DescribeUsers has reported "modifying" a few times and the user is
// "active" again. accepts(password) answers what an AUTH with that password would do; with `apply`, every
// password list that takes effect is also pushed to a real redis-server, so that real AUTH answers the same.
// loseNextChange() injects "ElastiCache accepted the change but did not apply it": the user goes back to
// "active" and reports the new password count, but the cache keeps the old passwords.
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
  /** What the cache accepts. */
  private passwords: string[];
  /** What ElastiCache reports (differs from `passwords` only after a lost change). */
  private reported: string[];
  private appliedAfterPolls = 0;
  private pendingPasswords: string[] | undefined;
  private loseChange = false;
  private unsynced: string[] | undefined;

  constructor(
    readonly userId: string,
    initialPassword: string,
    /** DescribeUsers calls that report "modifying" after each ModifyUser. */
    readonly modifyingPolls = 2,
    /** Pushes the password list that took effect to a real cache. */
    private readonly apply?: (passwords: string[]) => Promise<void>,
  ) {
    super();
    this.passwords = [initialPassword];
    this.reported = [initialPassword];
  }

  /** The next change takes effect in ElastiCache's view only, never in the cache. */
  loseNextChange(): void {
    this.loseChange = true;
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
      this.reported = this.pendingPasswords!;
      if (!this.loseChange) {
        this.passwords = this.reported;
        this.unsynced = this.reported;
      }
      this.loseChange = false;
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
          Authentication: { Type: 'password' as const, PasswordCount: (this.pendingPasswords ?? this.reported).length },
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
    stub.on(DescribeUsersCommand).callsFake(this.fake('DescribeUsers', this.synced((i: DescribeUsersCommandInput) => this.describeUsers(i))));
    stub.on(ModifyUserCommand).callsFake(this.fake('ModifyUser', this.synced((i: ModifyUserCommandInput) => this.modifyUser(i))));
    return stub;
  }

  /** Runs an operation, then pushes a password list that took effect to the real cache before answering. */
  private synced<I, O>(operation: (input: I) => O): (input: I) => Promise<O> {
    return async (input) => {
      const output = operation(input);
      const passwords = this.unsynced;
      this.unsynced = undefined;
      if (passwords && this.apply) await this.apply(passwords);
      return output;
    };
  }
}
