// The bundled demo leaderboard (data/demo, simulated: 600 models × 6 benchmarks × 15 items), imported as
// raw strings at build time.
import items from '../../../data/demo/items.csv?raw';
import models from '../../../data/demo/models.csv?raw';
import responses from '../../../data/demo/responses_wide.csv?raw';
import type { FileRole } from './protocol.js';

export const DEMO_FILES: { name: string; role: FileRole; text: string }[] = [
  { name: 'data/demo/responses_wide.csv', role: 'responses', text: responses },
  { name: 'data/demo/items.csv', role: 'items', text: items },
  { name: 'data/demo/models.csv', role: 'models', text: models },
];
