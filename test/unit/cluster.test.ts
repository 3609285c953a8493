import { expect } from 'chai';
import { restartDelayMs } from '../../src/cluster.ts';

describe('restarting a worker that died', () => {
  it('when workers keep dying, then each restart waits twice as long as the one before, never over a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(restartDelayMs)).to.deep.equal([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
  });
});
