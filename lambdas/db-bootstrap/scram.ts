// Client-side SCRAM-SHA-256 password verifiers (RFC 5802/7677, PostgreSQL's stored format), so CREATE ROLE
// carries a verifier instead of the clear password: statement logs (log_statement=ddl) never see a password.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 4096; // PostgreSQL's default scram_iterations

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  // PostgreSQL applies SASLprep, which leaves printable ASCII unchanged; refuse anything else rather than
  // store a verifier the server would not match.
  if (!/^[\x20-\x7e]*$/.test(password)) throw new Error('password contains non-ASCII or control characters: regenerate it');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
