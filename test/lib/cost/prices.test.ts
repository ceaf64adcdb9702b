import { BUILT_IN_CONFIGS } from '../../../config';
import { PRICES } from '../../../lib/cost/prices';

// `npm run synth` prices every stack after synth (postsynth): a stack in a region without prices fails the command.
test('every region the built-in environments deploy into, the backup copy region included, has prices', () => {
  const regions = new Set(Object.values(BUILT_IN_CONFIGS).flatMap((config) => [config.region, config.backup.copyRegion]));
  expect([...regions].filter((region) => !PRICES.regions[region])).toEqual([]);
});
