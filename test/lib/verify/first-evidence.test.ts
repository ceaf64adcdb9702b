// The shared "too new to judge" rule of the window checks (lib/verify/first-evidence.ts); each check's own use is
// tested with it in test/lib/verify/checks/.
import { formatAge, tooNewToJudge } from '../../../lib/verify/first-evidence';
import { NOW, hoursAgo, liveEnvironment, prodInventory } from './fixture';

const first = { id: 'CL-DB-2', check: 'daily backup', what: 'the first daily backup', dueWithinMs: 26 * 3_600_000 };

describe('tooNewToJudge', () => {
  it('is N/A until the evidence is due, dated from the newest of the stacks it needs', async () => {
    const { clients, created } = liveEnvironment();
    created['platform-prod-data'] = hoursAgo(5);
    created['platform-prod-backup-copy'] = hoursAgo(3);
    const inventory = await prodInventory(clients);
    expect(tooNewToJudge(inventory, { ...first, stacks: ['data', 'backup-copy'] }, NOW)).toEqual({
      id: 'CL-DB-2',
      check: 'daily backup',
      status: 'N/A',
      evidence: `stack platform-prod-backup-copy created 3 h ago; the first daily backup is due by ${hoursAgo(3 - 26).toISOString()}`,
      at: hoursAgo(3).toISOString(),
    });
    expect(tooNewToJudge(inventory, { ...first, stacks: ['data'] }, hoursAgo(5 - 26))).toBeUndefined();
  });

  it('leaves the verdict to the check when a stack\'s creation time is unknown', async () => {
    const { clients, created } = liveEnvironment();
    created['platform-prod-data'] = hoursAgo(1);
    delete created['platform-prod-backup-copy'];
    expect(tooNewToJudge(await prodInventory(clients), { ...first, stacks: ['data', 'backup-copy'] }, NOW)).toBeUndefined();
  });

  it('says an age in minutes, hours or days', () => {
    expect([formatAge(90 * 60_000), formatAge(2 * 3_600_000), formatAge(47.5 * 3_600_000), formatAge(80 * 3_600_000)]).toEqual(['90 min', '2 h', '47 h', '3 days']);
  });
});
