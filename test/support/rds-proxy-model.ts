// RDS Proxy as the database-rotation design relies on it, in front of the real test PostgreSQL: a client
// authenticates with an IAM token for a username; the proxy accepts it only if one of its registered secrets
// holds that username (one user per secret), then logs in to PostgreSQL as that user with the secret's AWSCURRENT
// password. A real proxy re-reads its secrets on its own schedule: with `lagging`, it keeps the values of its
// last refresh() until the test calls refresh() again.
import { Client, type ClientConfig } from 'pg';
import { pgConfig } from './postgres';
import type { SecretsManagerModel } from './secrets-manager-model';

export const iamToken = (username: string) => `iam-token-for-${username}`;

function authError(message: string) {
  return Object.assign(new Error(message), { code: '28000' });
}

export class RdsProxyModel {
  private cached: Map<string, string>;

  constructor(
    private readonly secrets: readonly SecretsManagerModel[],
    private readonly database: string,
    readonly lagging = false,
  ) {
    this.cached = this.read();
  }

  refresh(): void {
    this.cached = this.read();
  }

  /** Usernames the proxy can log in as right now. */
  usernames(): string[] {
    return [...(this.lagging ? this.cached : this.read()).keys()];
  }

  async connect(config: ClientConfig): Promise<Client> {
    const user = String(config.user);
    if (config.password !== iamToken(user)) throw authError(`PAM authentication failed for user "${user}"`);
    const password = (this.lagging ? this.cached : this.read()).get(user);
    if (password === undefined) {
      throw authError(`This RDS Proxy has no credentials for the role ${user}. Check the credentials for this role and try again.`);
    }
    const client = new Client(pgConfig({ user, password, database: this.database }));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private read(): Map<string, string> {
    return new Map(
      this.secrets.map((s) => {
        const { username, password } = JSON.parse(s.valueAt('AWSCURRENT')!) as { username: string; password: string };
        return [username, password];
      }),
    );
  }
}
